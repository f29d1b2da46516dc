import { type Kysely, sql, type Transaction } from 'kysely'
import type { TenantTables } from '../../platform/database/tenant-tables'
import type { ActivityRow } from './activity-view'

type Db = Kysely<TenantTables> | Transaction<TenantTables>

export interface PageWindow {
  offset: number
  limit: number
}

export async function listActivitiesPage(db: Db, filter: { leadId: string; type?: string | undefined }, page: PageWindow) {
  let query = db.selectFrom('activities').where('lead_id', '=', filter.leadId)
  if (filter.type) query = query.where('type', '=', filter.type)
  const [rows, count] = await Promise.all([
    query.selectAll().orderBy('created_at', 'desc').orderBy('id').offset(page.offset).limit(page.limit).execute(),
    query.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow(),
  ])
  return { rows, total: count.total }
}

export function findActivities(db: Db, ids: string[]): Promise<ActivityRow[]> {
  if (ids.length === 0) return Promise.resolve([])
  return db.selectFrom('activities').selectAll().where('id', 'in', ids).execute()
}

/** One page of the lead's activities and notes merged newest first, as (kind, id) pairs, and the total of both. */
export async function timelinePage(db: Db, leadId: string, page: PageWindow) {
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
