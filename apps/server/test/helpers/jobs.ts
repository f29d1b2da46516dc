import { sql } from 'kysely'
import type { JobDefinition } from '../../src/platform/jobs/define-job'
import { JOBS_TABLE } from '../../src/platform/jobs/job-row'
import type { RunningServer } from '../../src/server'

/**
 * How many stored schedules repeat this job. The jobs module offers no such count (nothing in the
 * server needs it), so the test reads the module's table, named by the module.
 */
export async function repeatingSchedules(server: Pick<RunningServer, 'platform'>, job: JobDefinition): Promise<number> {
  const { rows } = await sql<{ count: number }>`
    select count(*)::int as count from ${sql.table(JOBS_TABLE)} where name = ${job.name} and type = 'single'`.execute(server.platform.db)
  return rows[0]?.count ?? 0
}
