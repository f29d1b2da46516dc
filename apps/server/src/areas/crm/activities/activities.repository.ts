import type { Kysely, Transaction } from 'kysely'
import type { TenantTables } from '../../../platform/database/tenant-tables'
import type { ActivityRow } from './activity-view'

type Db = Kysely<TenantTables> | Transaction<TenantTables>

export interface ActivityInput {
  leadId: string
  type: string
  title: string
  body?: string | null | undefined
  performedBy?: string | null | undefined
  data?: Record<string, unknown>
}

const activityValues = (activity: ActivityInput) => ({
  lead_id: activity.leadId,
  type: activity.type,
  title: activity.title,
  body: activity.body ?? null,
  performed_by: activity.performedBy ?? null,
  data: JSON.stringify(activity.data ?? {}),
})

/** A timeline entry; written in the same transaction as the change it records. */
export function insertActivity(db: Db, activity: ActivityInput): Promise<ActivityRow> {
  return db.insertInto('activities').values(activityValues(activity)).returningAll().executeTakeFirstOrThrow()
}

export async function insertActivities(db: Db, activities: ActivityInput[]): Promise<void> {
  if (activities.length === 0) return
  await db.insertInto('activities').values(activities.map(activityValues)).execute()
}

export async function listActivitiesPage(db: Db, filter: { leadId: string; type?: string | undefined }, page: { offset: number; limit: number }) {
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
