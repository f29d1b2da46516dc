import { isForeignKeyViolation } from '../../../platform/database/pg-errors'
import { defineTenantOperation } from '../../../platform/http/operations'
import { insertActivity } from '../activities/activities.repository'
import { recordStageMoves } from '../activities/stage-moves'
import { updateLeadRow } from '../lead-records/leads.repository'
import { closingStageOf } from '../pipelines/pipelines.repository'
import { changeLead } from './change-lead'
import { toLeadView } from './lead-view'

/**
 * Marks a lead won or lost (reason, closedAt) and moves it to the pipeline's won/lost stage when
 * the pipeline has one, recording the status change and the stage move.
 */
export const convertLeadOperation = defineTenantOperation('leads.convert', async ({ ctx, input }) => {
  const convert = () => changeLead(ctx, input.leadId, async (trx, lead) => {
    const closing = await closingStageOf(trx, lead.pipeline_id, input.status)
    const updated = await updateLeadRow(trx, lead.id, {
      status: input.status,
      close_reason: input.reason ?? null,
      closed_at: new Date(),
      ...(closing ? { stage_id: closing.id } : {}),
    })
    await insertActivity(trx, {
      leadId: lead.id,
      type: 'status_changed',
      title: input.status === 'won' ? 'Won' : 'Lost',
      body: input.reason ?? null,
      data: { from: lead.status, to: input.status },
    })
    if (closing && closing.id !== lead.stage_id) {
      await recordStageMoves(trx, { leadIds: [lead.id], fromStageId: lead.stage_id, toStageId: closing.id, toStageName: closing.name })
    }
    return updated
  })
  // The won/lost stage deleted between its lookup and the update fails the lead's foreign key; the
  // second attempt no longer finds that stage.
  const row = await convert().catch((error: unknown) => {
    if (isForeignKeyViolation(error)) return convert()
    throw error
  })
  return toLeadView(row)
})
