import { type Kysely, sql } from 'kysely'
import type { ControlTables } from '../../platform/database/control-tables'
import { JOBS_TABLE } from '../../platform/jobs/jobs'

export interface JobRow {
  id: string
  name: string
  data: Record<string, unknown> | null
  next_run_at: Date | null
  locked_at: Date | null
  last_run_at: Date | null
  last_finished_at: Date | null
  failed_at: Date | null
  fail_count: number | null
  fail_reason: string | null
  repeat_interval: string | null
}

/** One of the tenant's jobs (tenant jobs carry `data.clientCode`). */
export async function findTenantJob(db: Kysely<ControlTables>, id: string, clientCode: string): Promise<JobRow | undefined> {
  const { rows } = await sql<JobRow>`
    select id::text, name, data, next_run_at, locked_at, last_run_at, last_finished_at, failed_at, fail_count, fail_reason, repeat_interval
    from ${sql.table(JOBS_TABLE)}
    where id = ${id}::uuid and data->>'clientCode' = ${clientCode}`.execute(db)
  return rows[0]
}
