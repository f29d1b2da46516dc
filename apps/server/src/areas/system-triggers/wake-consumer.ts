import { sql } from 'kysely'
import { JOBS_TABLE } from '../../platform/jobs/jobs'
import type { TenantContext } from '../../platform/platform'

export const CONSUME_CRM_EVENTS_JOB = 'system-triggers.consume-crm-events'

/**
 * After a CRM change commits: makes sure a consumer job for the tenant is waiting. A waiting (not
 * yet started) consumer will see the committed events, so a second one is not queued; a running
 * one might have looked already, so it does not count. Never fails the change: the sweep job picks
 * up whatever a lost wake-up leaves.
 */
export async function wakeCrmEventConsumer(ctx: TenantContext): Promise<void> {
  const { platform, tenant } = ctx
  try {
    const { rows } = await sql<{ waiting: boolean }>`
      select exists (
        select 1 from ${sql.table(JOBS_TABLE)}
        where name = ${CONSUME_CRM_EVENTS_JOB} and data->>'clientCode' = ${tenant.clientCode}
          and disabled = false and locked_at is null and next_run_at is not null
      ) as waiting`.execute(platform.db)
    if (!rows[0]?.waiting) await platform.jobs.agenda.now(CONSUME_CRM_EVENTS_JOB, { clientCode: tenant.clientCode })
  } catch (error) {
    platform.logger.warn({ err: error, clientCode: tenant.clientCode }, 'could not wake the CRM event consumer')
  }
}
