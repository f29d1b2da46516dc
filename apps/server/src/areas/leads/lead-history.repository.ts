import { type Kysely, sql, type Transaction } from 'kysely'
import type { TenantTables } from '../../platform/database/tenant-tables'

type Db = Kysely<TenantTables> | Transaction<TenantTables>

export interface ActivityInput {
  leadId: string
  type: string
  title: string
  body?: string | null
  performedBy?: string | null
  data?: Record<string, unknown>
}

/** A timeline entry; written in the same transaction as the change it records. */
export function insertActivity(db: Db, activity: ActivityInput) {
  return db
    .insertInto('activities')
    .values({
      lead_id: activity.leadId,
      type: activity.type,
      title: activity.title,
      body: activity.body ?? null,
      performed_by: activity.performedBy ?? null,
      data: JSON.stringify(activity.data ?? {}),
    })
    .returningAll()
    .executeTakeFirstOrThrow()
}

/** An outbox event for the automation engine, in the same transaction as its cause. */
export async function insertCrmEvent(db: Db, event: { type: string; leadId: string; payload?: Record<string, unknown> }) {
  await db
    .insertInto('crm_events')
    .values({ type: event.type, lead_id: event.leadId, payload: JSON.stringify(event.payload ?? {}) })
    .execute()
}

/**
 * Records leads (already updated to their new stage) moving from one stage to another: the finished
 * stay, a stage_moved activity and stage_exit/stage_enter events each.
 */
export async function recordStageMoves(
  db: Db,
  move: { leadIds: string[]; fromStageId: string; toStageId: string; toStageName: string },
): Promise<void> {
  if (move.leadIds.length === 0) return
  await db
    .insertInto('stage_stays')
    .columns(['lead_id', 'pipeline_id', 'stage_id', 'entered_at', 'exited_at'])
    .expression((eb) =>
      eb
        .selectFrom('leads')
        .select(['leads.id', 'leads.pipeline_id', eb.val(move.fromStageId).as('stage_id'), 'leads.stage_entered_at', sql`now()`.as('exited_at')])
        .where('leads.id', 'in', move.leadIds),
    )
    .execute()
  await db.updateTable('leads').set({ stage_entered_at: sql`now()` }).where('id', 'in', move.leadIds).execute()
  const data = JSON.stringify({ fromStageId: move.fromStageId, toStageId: move.toStageId })
  await db
    .insertInto('activities')
    .values(move.leadIds.map((leadId) => ({ lead_id: leadId, type: 'stage_moved', title: `Moved to ${move.toStageName}`, data })))
    .execute()
  await db
    .insertInto('crm_events')
    .values(
      move.leadIds.flatMap((leadId) => [
        { type: 'stage_exit', lead_id: leadId, payload: JSON.stringify({ stageId: move.fromStageId }) },
        { type: 'stage_enter', lead_id: leadId, payload: JSON.stringify({ stageId: move.toStageId }) },
      ]),
    )
    .execute()
}
