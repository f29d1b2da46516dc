import { type Kysely, sql } from 'kysely'
import type { TenantTables } from '../../../platform/database/tenant-tables'

export interface QuietLead {
  id: string
  lastActivityAt: Date
}

/**
 * Open leads with nothing on their timeline, no contact and no creation in the last `days` days,
 * that have not had a `no_contact` event for `days` since that last sign of life (once per quiet period).
 */
export function findQuietLeads(db: Kysely<TenantTables>, days: number, limit: number): Promise<QuietLead[]> {
  const cutoff = new Date(Date.now() - days * 24 * 3_600_000)
  const lastActivity = db
    .selectFrom('leads')
    .leftJoin('activities', 'activities.lead_id', 'leads.id')
    .select((eb) => [
      'leads.id',
      sql<Date>`greatest(${eb.ref('leads.created_at')}, ${eb.ref('leads.last_contacted_at')}, max(${eb.ref('activities.created_at')}))`.as('lastActivityAt'),
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
