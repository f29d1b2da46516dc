import { AppError } from '../../../platform/http/errors'
import { defineTenantOperation } from '../../../platform/http/operations'
import { findLead } from '../lead-records/leads.repository'
import { findPipeline, findStage } from '../pipelines/pipelines.repository'
import { toLeadView } from './lead-view'

export const getLeadOperation = defineTenantOperation('leads.get', async ({ ctx, input }) => {
  const { db } = ctx.tenant
  const lead = await findLead(db, input.leadId)
  if (!lead) throw new AppError('LEAD_NOT_FOUND', `No lead ${input.leadId}`)
  const [pipeline, stage] = await Promise.all([findPipeline(db, lead.pipeline_id), findStage(db, lead.stage_id)])
  if (!pipeline || !stage) return toLeadView(lead)
  return toLeadView(lead, { pipeline: { id: pipeline.id, name: pipeline.name }, stage })
})
