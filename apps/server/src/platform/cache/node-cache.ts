import { type Kysely, sql } from 'kysely'
import type { Logger } from 'pino'
import { listenForInvalidations } from './invalidation-listener'
import { createLocalStore } from './local-store'

/** The channel every node LISTENs on; a notification's payload is the scope to drop. */
export const CACHE_CHANNEL = 'ecodrix_cache'
const TTL_MS = 60_000
const MAX_SCOPES = 10_000

/**
 * Values read from the database, kept on this node and dropped on every node when they change
 * (ADR 0010). A scope is what one change invalidates (one tenant's: `tenantScope`); a name is one
 * value in it. Values are shared between callers: never mutate one.
 */
export interface NodeCache {
  /** The value kept for scope/name, else `load()`'s, kept unless the scope is invalidated while it loads. */
  read<T>(scope: string, name: string, load: () => Promise<T>): Promise<T>
  /**
   * Drops the scopes on every node: NOTIFY through `db`, so inside a transaction it is delivered
   * when that commits. This node drops them at once and keeps no load of them until the
   * notification comes back (the commit), so a read racing the write cannot keep the old rows.
   */
  invalidate(db: Kysely<any>, scopes: string[]): Promise<void>
  close(): Promise<void>
}

/** The scope of everything cached about one tenant: its client row and keys, secrets, active rules. */
export const tenantScope = (clientCode: string) => `tenant:${clientCode}`

export async function createNodeCache(options: { connectionString: string; logger: Logger }): Promise<NodeCache> {
  const store = createLocalStore({ ttlMs: TTL_MS, maxScopes: MAX_SCOPES })
  const listener = await listenForInvalidations({
    connectionString: options.connectionString,
    channel: CACHE_CHANNEL,
    logger: options.logger,
    onNotification: (scope) => store.release(scope),
    onListening: () => store.setStoring(true),
    onLost: () => store.setStoring(false),
  })
  return {
    read: (scope, name, load) => store.read(scope, name, load),
    async invalidate(db, scopes) {
      if (scopes.length === 0) return
      // A transaction that rolls back never echoes: its hold ends with the TTL instead.
      for (const scope of scopes) store.hold(scope, TTL_MS)
      await sql`select pg_notify(${CACHE_CHANNEL}, scope) from unnest(${scopes}::text[]) as scope`.execute(db)
    },
    async close() {
      await listener.close()
      store.setStoring(false)
    },
  }
}
