import { type Kysely, sql, type Transaction } from 'kysely'
import type { TenantTables } from '../../../platform/database/tenant-tables'

type Db = Kysely<TenantTables> | Transaction<TenantTables>

/** Closes, as of now, the leads' stay in `stageId`, which began when they entered it (`stage_entered_at`). */
export async function insertFinishedStays(db: Db, leadIds: string[], stageId: string): Promise<void> {
  await db
    .insertInto('stage_stays')
    .columns(['lead_id', 'pipeline_id', 'stage_id', 'entered_at', 'exited_at'])
    .expression((eb) =>
      eb
        .selectFrom('leads')
        .select(['leads.id', 'leads.pipeline_id', eb.val(stageId).as('stage_id'), 'leads.stage_entered_at', sql`now()`.as('exited_at')])
        .where('leads.id', 'in', leadIds),
    )
    .execute()
}
