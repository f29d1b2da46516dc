import type { Kysely } from 'kysely'
import type { TenantTables } from '../../platform/database/tenant-tables'

export async function countActiveAutomations(db: Kysely<TenantTables>): Promise<number> {
  const row = await db
    .selectFrom('automation_rules')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('is_active', '=', true)
    .executeTakeFirstOrThrow()
  return row.count
}
