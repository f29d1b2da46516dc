import createClient, { type Client, mergeHeaders } from 'openapi-fetch'
import { type ApiPromise, CallPromise } from './api-promise'
import { errorFromResponse } from './errors'
import { adminOperations, tenantOperations } from './generated/operations'
import type { paths } from './generated/paths'
import { addOperations, type OperationGroups, type OperationInit } from './operation-methods'
import { iteratePages } from './paginate'
import { type RealtimeConnection, type RealtimeOptions, realtime } from './realtime'
import { withRetries } from './retry'
import type {
  DataMethod,
  InitArgs,
  Method,
  Page,
  PageFor,
  PageItem,
  PaginatedPath,
  RequestInitFor,
  ResponseData,
} from './types'

export interface TransportOptions {
  /** Where the API is served, e.g. `https://api.ecodrix.com`. */
  baseUrl: string
  /** Replaces the global `fetch`. */
  fetch?: (request: Request) => Promise<Response>
  /** Time limit of each attempt, in milliseconds. Default 30 000. */
  timeoutMs?: number
  /** Retries after the first attempt, for requests that are safe to repeat. Default 2. */
  maxRetries?: number
  /** Backoff base: retry n waits a random time below min(retryMaxDelayMs, retryBaseDelayMs · 2^n). Default 200. */
  retryBaseDelayMs?: number
  /** Default 5 000. */
  retryMaxDelayMs?: number
  /** Sent with every request. */
  headers?: Record<string, string>
}

export interface EcodrixOptions extends TransportOptions {
  apiKey: string
  clientCode: string
}

export interface EcodrixAdminOptions extends TransportOptions {
  adminKey: string
}

export interface EcodrixClient<Paths extends {} = paths> {
  GET: DataMethod<Paths, 'get'>
  POST: DataMethod<Paths, 'post'>
  PUT: DataMethod<Paths, 'put'>
  PATCH: DataMethod<Paths, 'patch'>
  DELETE: DataMethod<Paths, 'delete'>
  /** One page of a paginated list, with its counts. */
  page<P extends PaginatedPath<Paths>>(
    path: P,
    ...init: InitArgs<RequestInitFor<Paths, P, 'get'>>
  ): ApiPromise<PageFor<Paths, P>>
  /** Every item of a paginated list, page after page, from `params.query.page` (default 1). */
  paginate<P extends PaginatedPath<Paths>>(
    path: P,
    ...init: InitArgs<RequestInitFor<Paths, P, 'get'>>
  ): AsyncGenerator<PageItem<Paths, P>, void, undefined>
  /**
   * The underlying openapi-fetch client, with the same auth, timeouts and retries. It resolves to
   * `{ data, error, response }` and does not throw for HTTP errors.
   */
  readonly raw: Client<Paths>
}

type TriggerPath = '/api/saas/workflows/trigger'
export type TriggerPayload = NonNullable<RequestInitFor<paths, TriggerPath, 'post'>['body']>
export type TriggerResult = ResponseData<paths, TriggerPath, 'post'>

type UploadPath = '/api/saas/chat/upload'
export type UploadedMedia = ResponseData<paths, UploadPath, 'post'>

export interface UploadMediaOptions {
  /** The part's file name, a hint for types the bytes cannot tell apart (old Office formats, plain text). */
  filename?: string
  idempotencyKey?: string
  signal?: AbortSignal
}

type TenantOperations = OperationGroups<typeof tenantOperations>
type RealtimeConnect = (options?: Pick<RealtimeOptions, 'WebSocket' | 'retryBaseDelayMs' | 'retryMaxDelayMs'>) => RealtimeConnection

/** A tenant's client: the path-string methods, and `erix.<group>.<verb>(…)` per operationId. */
export interface EcodrixTenantClient extends EcodrixClient, Omit<TenantOperations, 'realtime'> {
  /**
   * Fires a workflow trigger (`POST /api/saas/workflows/trigger`). Sent with an Idempotency-Key
   * (generated unless given), so a retried call never runs the automations twice.
   */
  trigger(payload: TriggerPayload, options?: { idempotencyKey?: string; signal?: AbortSignal }): ApiPromise<TriggerResult>
  /**
   * Uploads a file for a WhatsApp message (`POST /api/saas/chat/upload`, multipart field `file`) and
   * resolves to `{ url, mimeType, size, width?, height? }`; pass `url` as `mediaUrl` to `/api/saas/chat/send`.
   * Sent with an Idempotency-Key (generated unless given), so it is retried like any safe request.
   */
  uploadMedia(file: Blob | Uint8Array<ArrayBuffer> | ArrayBuffer, options?: UploadMediaOptions): ApiPromise<UploadedMedia>
  /**
   * The tenant's real-time events (`GET /api/saas/realtime`) with this client's API key headers:
   * server-side only (Node ≥ 22, or pass `WebSocket` from the `ws` package). A browser connects
   * with `realtime({ baseUrl, token })` and a token from `erix.realtime.createToken()`.
   */
  realtime: RealtimeConnect & TenantOperations['realtime']
}

/** The admin's client: the path-string methods, and `admin.<group>.<verb>(…)` per admin operationId. */
export interface EcodrixAdminClient extends EcodrixClient, OperationGroups<typeof adminOperations> {}

/** A client authenticated as one tenant (`x-api-key` + `x-client-code`). */
export function createEcodrix(options: EcodrixOptions): EcodrixTenantClient {
  const { client, call } = createApiClient(options, { 'x-api-key': options.apiKey, 'x-client-code': options.clientCode })
  const tenant: EcodrixClient & Pick<EcodrixTenantClient, 'trigger' | 'uploadMedia'> & { realtime: RealtimeConnect } = {
    ...client,
    trigger: (payload, { idempotencyKey, signal } = {}) =>
      client.POST('/api/saas/workflows/trigger', {
        body: payload,
        idempotencyKey: idempotencyKey ?? true,
        ...(signal ? { signal } : {}),
      }),
    uploadMedia: (file, { filename = 'file', idempotencyKey, signal } = {}) => {
      const form = new FormData()
      form.append('file', file instanceof Blob ? file : new Blob([file]), filename)
      // openapi-fetch sends a FormData as it is, with its multipart boundary; the contract types the part as a string.
      return client.POST('/api/saas/chat/upload', {
        body: form as unknown as { file: string },
        idempotencyKey: idempotencyKey ?? true,
        ...(signal ? { signal } : {}),
      })
    },
    realtime: (connection = {}) =>
      realtime({ ...connection, baseUrl: options.baseUrl, apiKey: options.apiKey, clientCode: options.clientCode }),
  }
  return addOperations(tenant, tenantOperations, call) as EcodrixTenantClient
}

/** A client authenticated with the platform's admin key. */
export function createEcodrixAdmin(options: EcodrixAdminOptions): EcodrixAdminClient {
  const { client, call } = createApiClient(options, { authorization: `Bearer ${options.adminKey}` })
  return addOperations(client, adminOperations, call)
}

type UntypedInit = OperationInit

type UntypedRequest = (
  method: Method,
  path: string,
  init: UntypedInit,
) => Promise<{ data?: unknown; error?: unknown; response: Response }>

function createApiClient(options: TransportOptions, auth: Record<string, string>) {
  const raw = createClient<paths>({
    baseUrl: options.baseUrl,
    headers: { ...options.headers, ...auth },
    fetch: withRetries(options.fetch ?? ((request) => fetch(request)), {
      maxRetries: options.maxRetries ?? 2,
      baseDelayMs: options.retryBaseDelayMs ?? 200,
      maxDelayMs: options.retryMaxDelayMs ?? 5_000,
      timeoutMs: options.timeoutMs ?? 30_000,
    }),
  })
  // The public methods are typed per path; underneath, this one untyped call serves them all.
  const request = raw.request as unknown as UntypedRequest

  async function send(method: Method, path: string, init: UntypedInit = {}): Promise<{ data: unknown; response: Response }> {
    const { idempotencyKey, ...rest } = init
    // Generated here, once per call, so that every retry of the call carries the same key.
    const key = idempotencyKey === true ? crypto.randomUUID() : idempotencyKey
    const headers = key === undefined ? rest.headers : mergeHeaders(rest.headers, { 'idempotency-key': key })
    const { data, error, response } = await request(method, path, { ...rest, headers })
    if (!response.ok) throw errorFromResponse(response, error)
    return { data, response }
  }

  const call = (method: Method, path: string, init?: UntypedInit) =>
    new CallPromise(send(method, path, init).then(({ data, response }) => ({ data: unwrap(data), response })))

  const dataMethod = (method: Method) => (path: string, init?: UntypedInit) => call(method, path, init)

  const fetchPage = (path: string, init?: UntypedInit): ApiPromise<Page<unknown>> =>
    new CallPromise(
      send('get', path, init).then(({ data: body, response }) => {
        const { data, total, page, limit, totalPages } = body as Page<unknown>
        return { data: { data, total, page, limit, totalPages }, response }
      }),
    )

  const client = {
    GET: dataMethod('get'),
    POST: dataMethod('post'),
    PUT: dataMethod('put'),
    PATCH: dataMethod('patch'),
    DELETE: dataMethod('delete'),
    page: fetchPage,
    paginate(path: string, init: UntypedInit = {}) {
      const firstPage = init.params?.query?.page
      return iteratePages(
        (pageNumber) =>
          fetchPage(path, { ...init, params: { ...init.params, query: { ...init.params?.query, page: pageNumber } } }),
        typeof firstPage === 'number' ? firstPage : 1,
      )
    },
    raw,
  }
  return { client: client as unknown as EcodrixClient, call }
}

function unwrap(body: unknown): unknown {
  const isEnvelope =
    typeof body === 'object' && body !== null && 'success' in body && body.success === true && 'data' in body
  return isEnvelope ? body.data : body
}
