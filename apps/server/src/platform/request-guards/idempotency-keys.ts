import { type Kysely, sql } from 'kysely'
import type { ControlTables } from '../database/control-tables'

type Db = Kysely<ControlTables>

export interface IdempotentRequest {
  scope: string
  key: string
  method: string
  path: string
  requestHash: string
}

export interface StoredAnswer {
  status: number
  headers: Record<string, string>
  body: string
}

/**
 * Takes the key for this request: inserts it as in flight, or takes over an expired one. The primary
 * key is the lock: of two requests racing for a key exactly one gets `true`.
 */
export async function claimKey(db: Db, request: IdempotentRequest, ttlMs: number): Promise<boolean> {
  const expiresAt = sql<Date>`now() + ${`${ttlMs} milliseconds`}::interval`
  const claimed = await db
    .insertInto('idempotency_keys')
    .values({
      scope: request.scope,
      key: request.key,
      method: request.method,
      path: request.path,
      request_hash: request.requestHash,
      expires_at: expiresAt,
    })
    .onConflict((oc) =>
      oc
        .columns(['scope', 'key'])
        .doUpdateSet({
          method: request.method,
          path: request.path,
          request_hash: request.requestHash,
          status: 'in_flight',
          response_status: null,
          response_headers: null,
          response_body: null,
          expires_at: expiresAt,
        })
        .where('idempotency_keys.expires_at', '<=', sql<Date>`now()`),
    )
    .returning('key')
    .executeTakeFirst()
  return claimed !== undefined
}

export type LiveKey = NonNullable<Awaited<ReturnType<typeof findLiveKey>>>

/** The key as another request left it, unless it has expired. */
export function findLiveKey(db: Db, scope: string, key: string) {
  return db
    .selectFrom('idempotency_keys')
    .select(['method', 'path', 'request_hash', 'status', 'response_status', 'response_headers', 'response_body'])
    .where('scope', '=', scope)
    .where('key', '=', key)
    .where('expires_at', '>', sql<Date>`now()`)
    .executeTakeFirst()
}

export async function storeAnswer(db: Db, scope: string, key: string, answer: StoredAnswer): Promise<void> {
  await db
    .updateTable('idempotency_keys')
    .set({
      status: 'completed',
      response_status: answer.status,
      response_headers: JSON.stringify(answer.headers),
      response_body: answer.body,
    })
    .where('scope', '=', scope)
    .where('key', '=', key)
    .where('status', '=', 'in_flight')
    .execute()
}

/** Gives an in-flight key up, so a retry with it runs afresh. */
export async function releaseKey(db: Db, scope: string, key: string): Promise<void> {
  await db.deleteFrom('idempotency_keys').where('scope', '=', scope).where('key', '=', key).where('status', '=', 'in_flight').execute()
}

export async function deleteExpiredKeys(db: Db): Promise<number> {
  const result = await db.deleteFrom('idempotency_keys').where('expires_at', '<=', sql<Date>`now()`).executeTakeFirst()
  return Number(result.numDeletedRows)
}
