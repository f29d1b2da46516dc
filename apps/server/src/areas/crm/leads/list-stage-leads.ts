import { AppError } from '../../../platform/http/errors'
import { defineTenantOperation } from '../../../platform/http/operations'
import { findStage } from '../pipelines/pipelines.repository'
import { leadsPage } from './list-leads'

/** A Kanban column: the leads of one stage of one pipeline (the stage must belong to it), open ones unless said. */
export const listStageLeadsOperation = defineTenantOperation('leads.listInStage', async ({ ctx, input }) => {
  const { pipelineId, stageId, status = 'open' } = input
  const stage = await findStage(ctx.tenant.db, stageId)
  if (!stage || stage.pipeline_id !== pipelineId) {
    throw new AppError('STAGE_NOT_FOUND', `No stage ${stageId} in pipeline ${pipelineId}`)
  }
  return leadsPage(ctx.tenant.db, { pipelineId, stageId, status }, input)
})
