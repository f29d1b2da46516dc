import type { Kysely } from 'kysely'
import type { ControlTables } from '../../platform/database/control-tables'

type Db = Kysely<ControlTables>

export async function listCorsOrigins(db: Db, clientCode: string): Promise<string[]> {
  const rows = await db
    .selectFrom('cors_origins')
    .select('origin')
    .where('client_code', '=', clientCode)
    .orderBy('created_at')
    .orderBy('origin')
    .execute()
  return rows.map((row) => row.origin)
}

export async function isOriginAllowedForAnyTenant(db: Db, origin: string): Promise<boolean> {
  const row = await db.selectFrom('cors_origins').select('origin').where('origin', '=', origin).limit(1).executeTakeFirst()
  return row !== undefined
}

/** True when the origin was added, false when it was already there. */
export async function insertCorsOrigin(db: Db, clientCode: string, origin: string): Promise<boolean> {
  const inserted = await db
    .insertInto('cors_origins')
    .values({ client_code: clientCode, origin })
    .onConflict((oc) => oc.columns(['client_code', 'origin']).doNothing())
    .executeTakeFirst()
  return Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0
}

/** True when the origin was there. */
export async function deleteCorsOrigin(db: Db, clientCode: string, origin: string): Promise<boolean> {
  const deleted = await db
    .deleteFrom('cors_origins')
    .where('client_code', '=', clientCode)
    .where('origin', '=', origin)
    .executeTakeFirst()
  return Number(deleted.numDeletedRows) > 0
}
