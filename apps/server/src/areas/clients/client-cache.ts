import type { Kysely } from 'kysely'
import { tenantScope } from '../../platform/cache/node-cache'
import type { Platform } from '../../platform/platform'
import { type ClientWithKeys, findClientWithKeys } from './clients.repository'

/**
 * The client with all its keys, from this node's cache (every authenticated request and every
 * tenant job asks). An unknown code is kept too, so it costs what a known one does.
 */
export function cachedClient(platform: Pick<Platform, 'db' | 'cache'>, clientCode: string): Promise<ClientWithKeys | undefined> {
  return platform.cache.read(tenantScope(clientCode), 'client', () => findClientWithKeys(platform.db, clientCode))
}

/**
 * After a write to the clients' rows, keys or secrets: every node drops what it cached of them.
 * Call it inside the writer's transaction (`db`), so the other nodes hear of it on commit.
 */
export function clientsChanged(platform: Pick<Platform, 'cache'>, db: Kysely<any>, clientCodes: string[]): Promise<void> {
  return platform.cache.invalidate(db, clientCodes.map(tenantScope))
}
