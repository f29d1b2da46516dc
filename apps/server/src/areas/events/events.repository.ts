import { type Kysely, type SelectQueryBuilder, sql } from 'kysely'
import type { EventStatus, TenantTables } from '../../platform/database/tenant-tables'

type Db = Kysely<TenantTables>

export interface EventLogFilters {
  trigger?: string | undefined
  status?: EventStatus | undefined
  /** Normalised like a lead's phone. */
  phone?: string | undefined
  leadId?: string | undefined
  /** Created at or after. */
  from?: Date | undefined
  /** Created strictly before. */
  before?: Date | undefined
}

function applyFilters<O>(query: SelectQueryBuilder<TenantTables, 'event_logs', O>, filters: EventLogFilters) {
  let q = query
  if (filters.trigger) q = q.where('trigger', '=', filters.trigger)
  if (filters.status) q = q.where('status', '=', filters.status)
  if (filters.phone) q = q.where('phone', '=', filters.phone)
  if (filters.leadId) q = q.where('lead_id', '=', filters.leadId)
  if (filters.from) q = q.where('created_at', '>=', filters.from)
  if (filters.before) q = q.where('created_at', '<', filters.before)
  return q
}

export async function listEventLogsPage(db: Db, filters: EventLogFilters, page: { offset: number; limit: number }) {
  const [rows, count] = await Promise.all([
    applyFilters(db.selectFrom('event_logs').selectAll(), filters)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .offset(page.offset)
      .limit(page.limit)
      .execute(),
    applyFilters(db.selectFrom('event_logs').select((eb) => eb.fn.countAll<number>().as('total')), filters).executeTakeFirstOrThrow(),
  ])
  return { rows, total: count.total }
}

export function findEventLog(db: Db, id: string) {
  return db.selectFrom('event_logs').selectAll().where('id', '=', id).executeTakeFirst()
}

export function actionRunsOf(db: Db, eventLogId: string) {
  return db
    .selectFrom('action_runs')
    .selectAll()
    .where('event_log_id', '=', eventLogId)
    .orderBy('position')
    .orderBy('created_at')
    .orderBy('id')
    .execute()
}

/** The event's callback delivery with its attempts (oldest first), or undefined without one. */
export async function callbackOf(db: Db, eventLogId: string) {
  const delivery = await db.selectFrom('callback_deliveries').selectAll().where('event_log_id', '=', eventLogId).executeTakeFirst()
  if (!delivery) return undefined
  const attempts = await db
    .selectFrom('callback_attempts')
    .selectAll()
    .where('delivery_id', '=', delivery.id)
    .orderBy('attempt')
    .orderBy('id')
    .execute()
  return { delivery, attempts }
}

/** Per trigger: events, and how many completed / finished (completed, partial or failed). */
export function countEventsByTrigger(db: Db, range: Pick<EventLogFilters, 'from' | 'before'>) {
  return applyFilters(db.selectFrom('event_logs'), range)
    .select((eb) => [
      'trigger',
      eb.fn.countAll<number>().as('count'),
      sql<string | null>`round(
        (count(*) filter (where status = 'completed'))::numeric
          / nullif(count(*) filter (where status in ('completed', 'partial', 'failed')), 0),
        2)`.as('successRate'),
    ])
    .groupBy('trigger')
    .orderBy('count', 'desc')
    .orderBy('trigger')
    .execute()
}

export function countEventsByStatus(db: Db, range: Pick<EventLogFilters, 'from' | 'before'>) {
  return applyFilters(db.selectFrom('event_logs'), range)
    .select((eb) => ['status', eb.fn.countAll<number>().as('count')])
    .groupBy('status')
    .orderBy('count', 'desc')
    .orderBy('status')
    .execute()
}
