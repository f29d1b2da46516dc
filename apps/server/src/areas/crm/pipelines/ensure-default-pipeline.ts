import { isUniqueViolation } from '../../../platform/database/pg-errors'
import type { TenantContext } from '../../../platform/platform'
import { pipelineTemplates } from './pipeline-templates'
import { findDefaultPipeline, insertPipelineWithStages, listStages, type PipelineRow, type StageRow } from './pipelines.repository'

/**
 * The tenant's default pipeline with its stages. A tenant without one gets the "sales" template on
 * first use; concurrent first uses create it once (the one-default index makes the others lose and
 * read the winner's).
 */
export async function ensureDefaultPipeline({ ctx }: { ctx: TenantContext }): Promise<{ pipeline: PipelineRow; stages: StageRow[] }> {
  const { db } = ctx.tenant
  const existing = await findDefaultPipeline(db)
  if (existing) return { pipeline: existing, stages: await listStages(db, existing.id) }
  const template = pipelineTemplates.sales
  try {
    return await db
      .transaction()
      .execute((trx) => insertPipelineWithStages(trx, { name: template.name, template: 'sales', isDefault: true }, template.stages))
  } catch (error) {
    if (!isUniqueViolation(error)) throw error
    const winner = await findDefaultPipeline(db)
    if (!winner) throw error
    return { pipeline: winner, stages: await listStages(db, winner.id) }
  }
}
