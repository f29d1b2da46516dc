import { type Kysely, sql, type Transaction } from 'kysely'
import type { TenantTables } from '../../../platform/database/tenant-tables'

/**
 * The timeline is a read over two tables (activities and notes own their writes): one page of the
 * lead's activities and notes merged newest first, as (kind, id) pairs, and the total of both.
 */
export async function timelinePage(db: Kysely<TenantTables> | Transaction<TenantTables>, leadId: string, page: { offset: number; limit: number }) {
  const entries = db
    .selectFrom('activities')
    .select([sql<'activity' | 'note'>`'activity'`.as('kind'), 'id', 'created_at'])
    .where('lead_id', '=', leadId)
    .unionAll(db.selectFrom('notes').select([sql<'activity' | 'note'>`'note'`.as('kind'), 'id', 'created_at']).where('lead_id', '=', leadId))
    .as('entries')
  const [rows, count] = await Promise.all([
    db.selectFrom(entries).select(['kind', 'id']).orderBy('created_at', 'desc').orderBy('id').offset(page.offset).limit(page.limit).execute(),
    db.selectFrom(entries).select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow(),
  ])
  return { rows, total: count.total }
}
