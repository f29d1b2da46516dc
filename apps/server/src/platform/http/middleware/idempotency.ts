import { createHash } from 'node:crypto'
import type { Context, MiddlewareHandler } from 'hono'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import type { Kysely } from 'kysely'
import type { ControlTables } from '../../database/control-tables'
import {
  claimKey,
  findLiveKey,
  type IdempotentRequest,
  type LiveKey,
  releaseKey,
  storeAnswer,
} from '../../request-guards/idempotency-keys'
import type { AppEnv } from '../app-env'
import { AppError } from '../errors'

const MAX_KEY_LENGTH = 255
/** Admin routes' keys live apart from every tenant's; `@` cannot start a client code. */
const ADMIN_SCOPE = '@admin'
/** Headers that belong to one exchange, not to the answer: the replay gets its own. */
const perExchangeHeaders = /^(x-request-id|ratelimit-.*|retry-after|content-length|date|connection|keep-alive|transfer-encoding|vary|set-cookie|access-control-.*)$/i

const inProgress = () =>
  new AppError('IDEMPOTENCY_IN_PROGRESS', 'A request with this Idempotency-Key is still being processed; retry later')

/**
 * `Idempotency-Key` on a POST: the first answer under a key is stored and replayed to retries of the
 * same request (method, path and body bytes) without running anything again. Stored: 2xx and 4xx
 * answers (a 4xx is what the same request gets again). Not stored: 5xx and 429, which a retry may
 * get past; the key is released. A request still running makes retries 409; another request under
 * the key is 422. If the server dies mid-request its key stays in flight (409) until it expires:
 * whether the work happened is unknown, and running it twice is the worse outcome.
 */
export function idempotency(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const key = c.req.header('idempotency-key')
    if (key === undefined) return next()
    if (key.length === 0 || key.length > MAX_KEY_LENGTH) {
      const message = `Must be 1 to ${MAX_KEY_LENGTH} characters`
      throw new AppError('VALIDATION_ERROR', `Invalid request: header.Idempotency-Key: ${message}`, [
        { path: 'header.Idempotency-Key', message },
      ])
    }
    const { db, config, logger, secretBox } = c.var.platform
    const request: IdempotentRequest = {
      scope: c.var.tenant?.clientCode ?? ADMIN_SCOPE,
      key,
      method: c.req.method,
      path: pathWithQuery(c.req.url),
      requestHash: await bodyHash(c),
    }

    const earlier = await claimOrFind(db, request, config.idempotencyTtlMs)
    if (earlier) return replay(c, request, earlier, (sealed) => secretBox.decrypt(sealed, answerContext(request)))

    try {
      await next()
    } catch (error) {
      await releaseKey(db, request.scope, key)
      throw error
    }
    const { status } = c.res
    if (status >= 500 || status === 429) {
      await releaseKey(db, request.scope, key)
      return
    }
    try {
      // Answers can hold what is otherwise kept only hashed or encrypted (a new client's API key).
      const body = secretBox.encrypt(await c.res.clone().text(), answerContext(request))
      const headers = Object.fromEntries([...c.res.headers].filter(([name]) => !perExchangeHeaders.test(name)))
      await storeAnswer(db, request.scope, key, { status, headers, body })
    } catch (error) {
      // The work is done: answering 500 would invite a retry the key can no longer recognise.
      logger.error({ err: error, requestId: c.var.requestId }, 'could not store an idempotent answer')
    }
  }
}

const answerContext = (request: IdempotentRequest) => `idempotency:${request.scope}:${request.key}`

function pathWithQuery(url: string): string {
  const { pathname, search } = new URL(url)
  return pathname + search
}

/** The raw body bytes, hashed. Hono caches the body, so the handler can still read it. */
async function bodyHash(c: Context<AppEnv>): Promise<string> {
  const bytes = c.req.raw.body ? new Uint8Array(await c.req.arrayBuffer()) : new Uint8Array()
  return createHash('sha256').update(bytes).digest('hex')
}

/** Claims the key (undefined: this request runs) or returns the live key another request holds. */
async function claimOrFind(db: Kysely<ControlTables>, request: IdempotentRequest, ttlMs: number) {
  // A key released or expired between the two statements is claimed on the next round.
  for (let round = 0; round < 3; round++) {
    if (await claimKey(db, request, ttlMs)) return undefined
    const live = await findLiveKey(db, request.scope, request.key)
    if (live) return live
  }
  throw inProgress()
}

function replay(c: Context<AppEnv>, request: IdempotentRequest, earlier: LiveKey, open: (sealed: string) => string) {
  if (earlier.method !== request.method || earlier.path !== request.path || earlier.request_hash !== request.requestHash) {
    throw new AppError('IDEMPOTENCY_MISMATCH', 'This Idempotency-Key was used for a different request')
  }
  if (earlier.status === 'in_flight' || earlier.response_status === null) {
    throw inProgress()
  }
  const headers = { ...earlier.response_headers, 'Idempotent-Replayed': 'true' }
  const status = earlier.response_status
  if (status === 204 || status === 205 || status === 304) return c.body(null, status, headers)
  return c.body(open(earlier.response_body ?? ''), status as ContentfulStatusCode, headers)
}
