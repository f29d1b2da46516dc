import type { Kysely, Transaction } from 'kysely'
import type { TenantTables } from '../../../platform/database/tenant-tables'
import { appendOutboxEvents } from '../../../platform/outbox/outbox.repository'
import { markStageEntered } from '../lead-records/leads.repository'
import { insertActivities } from './activities.repository'
import { insertFinishedStays } from './stage-stays.repository'

/**
 * Records leads (already updated to their new stage) moving from one stage to another: the finished
 * stay, a stage_moved activity and stage_exit/stage_enter events each.
 */
export async function recordStageMoves(
  db: Kysely<TenantTables> | Transaction<TenantTables>,
  move: { leadIds: string[]; fromStageId: string; toStageId: string; toStageName: string },
): Promise<void> {
  if (move.leadIds.length === 0) return
  await insertFinishedStays(db, move.leadIds, move.fromStageId)
  await markStageEntered(db, move.leadIds)
  const data = { fromStageId: move.fromStageId, toStageId: move.toStageId }
  await insertActivities(
    db,
    move.leadIds.map((leadId) => ({ leadId, type: 'stage_moved', title: `Moved to ${move.toStageName}`, data })),
  )
  await appendOutboxEvents(
    db,
    move.leadIds.flatMap((leadId) => [
      { type: 'stage_exit', leadId, payload: { stageId: move.fromStageId } },
      { type: 'stage_enter', leadId, payload: { stageId: move.toStageId } },
    ]),
  )
}
