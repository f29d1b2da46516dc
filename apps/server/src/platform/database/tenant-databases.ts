import type { Kysely } from 'kysely'
import type pg from 'pg'
import { createKysely, createPool } from './connect'
import { ensureExtensions } from './extensions'
import { migrateSchema } from './migrate'
import { tenantMigrations } from './migrations'
import type { TenantTables } from './tenant-tables'

export interface TenantLocation {
  schemaName: string
  /** Decrypted URI of the tenant's own database, or undefined for the platform database. */
  datasourceUri: string | undefined
}

export interface TenantDatabases {
  /** A query builder bound to the tenant's schema, on the database that holds it. */
  forTenant(location: TenantLocation): Kysely<TenantTables>
  /** Creates the tenant's schema if needed and runs its pending migrations. */
  migrate(location: TenantLocation): Promise<void>
  close(): Promise<void>
}

interface DatasourcePool {
  pool: pg.Pool
  db: Kysely<TenantTables>
}

/**
 * Tenants on the platform database share its pool; each datasource gets its own small pool,
 * created on first use. At most `maxDatasources` such pools stay open (least recently used closes).
 */
export function createTenantDatabases(options: {
  platformDb: Kysely<any>
  poolMax: number
  maxDatasources?: number
}): TenantDatabases {
  const { platformDb, poolMax, maxDatasources = 100 } = options
  const datasources = new Map<string, DatasourcePool>()
  const extensionsReady = new Map<string, Promise<void>>()
  const withExtensions = (uri: string | undefined, db: Kysely<any>) => {
    const key = uri ?? 'platform'
    let ready = extensionsReady.get(key)
    if (!ready) {
      ready = ensureExtensions(db)
      ready.catch(() => extensionsReady.delete(key))
      extensionsReady.set(key, ready)
    }
    return ready
  }

  const databaseFor = (uri: string | undefined): Kysely<TenantTables> => {
    if (!uri) return platformDb as Kysely<TenantTables>
    const existing = datasources.get(uri)
    if (existing) {
      datasources.delete(uri)
      datasources.set(uri, existing)
      return existing.db
    }
    const pool = createPool(uri, poolMax)
    const entry = { pool, db: createKysely<TenantTables>(pool) }
    datasources.set(uri, entry)
    if (datasources.size > maxDatasources) {
      const [oldestUri, oldest] = datasources.entries().next().value as [string, DatasourcePool]
      datasources.delete(oldestUri)
      void oldest.db.destroy()
    }
    return entry.db
  }

  return {
    forTenant: (location) => databaseFor(location.datasourceUri).withSchema(location.schemaName),
    async migrate(location) {
      const db = databaseFor(location.datasourceUri)
      await withExtensions(location.datasourceUri, db)
      await migrateSchema(db, location.schemaName, tenantMigrations)
    },
    async close() {
      const open = [...datasources.values()]
      datasources.clear()
      await Promise.all(open.map((entry) => entry.db.destroy()))
    },
  }
}
