import { isUuid } from '../../platform/database/uuid'
import { AppError } from '../../platform/http/errors'
import type { TenantContext } from '../../platform/platform'
import { findStage } from './leads.repository'
import { type ListLeadsInput, listLeads } from './list-leads.service'

/** A Kanban column: the leads of one stage of one pipeline (the stage must belong to it). */
export async function listStageLeads({
  ctx,
  input,
}: {
  ctx: TenantContext
  input: Pick<ListLeadsInput, 'status' | 'page' | 'limit' | 'sortBy' | 'sortDir'> & { pipelineId: string; stageId: string }
}) {
  const stage = isUuid(input.stageId) ? await findStage(ctx.tenant.db, input.stageId) : undefined
  if (!stage || stage.pipeline_id !== input.pipelineId) {
    throw new AppError('STAGE_NOT_FOUND', `No stage ${input.stageId} in pipeline ${input.pipelineId}`)
  }
  return listLeads({ ctx, input: { ...input, status: input.status ?? 'open' } })
}
