import { AppError } from '../../../platform/http/errors'
import { defineTenantOperation } from '../../../platform/http/operations'
import { pipelineTemplates } from './pipeline-templates'
import { toPipeline } from './pipeline-view'
import { findDefaultPipeline, insertPipelineWithStages, lockDefaultPipeline, setDefaultPipeline } from './pipelines.repository'
import { assertWonOrLost } from './stage-flags'

/** From a template or custom stages; the tenant's first default-less pipeline becomes the default. */
export const createPipelineOperation = defineTenantOperation('pipelines.create', ({ ctx, input }) => {
  if (input.template && input.stages) {
    throw new AppError('VALIDATION_ERROR', 'Give template or stages, not both', [
      { path: 'body.stages', message: 'Not allowed together with template' },
    ])
  }
  input.stages?.forEach((stage, index) => assertWonOrLost(stage, `body.stages.${index}`))
  const template = input.stages ? null : (input.template ?? 'sales')
  const stages = input.stages ?? pipelineTemplates[template ?? 'sales'].stages

  return ctx.tenant.db.transaction().execute(async (trx) => {
    await lockDefaultPipeline(trx, ctx.tenant.clientCode)
    const makeDefault = input.isDefault === true || !(await findDefaultPipeline(trx))
    const created = await insertPipelineWithStages(
      trx,
      { name: input.name, description: input.description, template, isDefault: false },
      stages,
    )
    const pipeline = makeDefault ? await setDefaultPipeline(trx, created.pipeline.id) : created.pipeline
    return toPipeline(pipeline, created.stages)
  })
})
