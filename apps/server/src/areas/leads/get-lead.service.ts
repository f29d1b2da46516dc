import { AppError } from '../../platform/http/errors'
import type { TenantContext } from '../../platform/platform'
import { toLeadView } from './lead-view'
import { findLead, findPipelineName, findStage } from './leads.repository'

export async function getLead({ ctx, input }: { ctx: TenantContext; input: { leadId: string } }) {
  const { db } = ctx.tenant
  const lead = await findLead(db, input.leadId)
  if (!lead) throw new AppError('LEAD_NOT_FOUND', `No lead ${input.leadId}`)
  const [pipeline, stage] = await Promise.all([findPipelineName(db, lead.pipeline_id), findStage(db, lead.stage_id)])
  if (!pipeline || !stage) return toLeadView(lead)
  return toLeadView(lead, { pipeline: { id: pipeline.id, name: pipeline.name }, stage })
}
