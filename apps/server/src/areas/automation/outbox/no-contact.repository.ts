import { type Kysely, sql } from 'kysely'
import type { TenantTables } from '../../../platform/database/tenant-tables'

export interface QuietLead {
  id: string
  lastActivityAt: Date
}

/**
 * Open leads with nothing on their timeline, no contact and no creation in the `days` days before
 * `asOf`, that have not had a `no_contact` event for `days` since that last sign of life (once per
 * quiet period). Signs of life after `asOf` are not seen: what a detection's own events do to a lead
 * (an add_tag's timeline entry) must not hide it from the detection's other periods.
 */
export function findQuietLeads(db: Kysely<TenantTables>, days: number, limit: number, asOf: Date): Promise<QuietLead[]> {
  const cutoff = new Date(asOf.getTime() - days * 24 * 3_600_000)
  const lastActivity = db
    .selectFrom('leads')
    .leftJoin('activities', 'activities.lead_id', 'leads.id')
    .select((eb) => [
      'leads.id',
      sql<Date>`greatest(
        ${eb.ref('leads.created_at')},
        case when ${eb.ref('leads.last_contacted_at')} <= ${asOf} then ${eb.ref('leads.last_contacted_at')} end,
        max(${eb.ref('activities.created_at')}) filter (where ${eb.ref('activities.created_at')} <= ${asOf}))`.as('lastActivityAt'),
    ])
    .where('leads.status', '=', 'open')
    .groupBy('leads.id')
  return db
    .selectFrom(lastActivity.as('quiet'))
    .select(['quiet.id', 'quiet.lastActivityAt'])
    .where('quiet.lastActivityAt', '<', cutoff)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('event_logs')
            .select('event_logs.id')
            .where('event_logs.trigger', '=', 'no_contact')
            .whereRef('event_logs.lead_id', '=', 'quiet.id')
            .whereRef('event_logs.created_at', '>', 'quiet.lastActivityAt')
            .where(sql`(${sql.ref('event_logs.payload')} -> 'data' ->> 'days')::int`, '=', days),
        ),
      ),
    )
    .orderBy('quiet.lastActivityAt')
    .limit(limit)
    .execute()
}
