import { AppError, type ErrorDetail } from '../../../platform/http/errors'
import { defineTenantOperation, type OperationInput } from '../../../platform/http/operations'
import { pipelineView, requirePipeline } from './pipeline-lookup'
import { listStages, lockStageLayout, setStagePositions, type StageRow } from './pipelines.repository'

/** What is wrong with a drag-and-drop payload: it must name each of the pipeline's stages once. */
function orderProblems(stages: StageRow[], order: OperationInput<'pipelines.reorderStages'>['order']): ErrorDetail[] {
  const known = new Set(stages.map((stage) => stage.id))
  const seenStages = new Set<string>()
  const seenOrders = new Set<number>()
  const problems: ErrorDetail[] = []
  order.forEach(({ stageId, newOrder }, index) => {
    if (!known.has(stageId)) problems.push({ path: `body.order.${index}.stageId`, message: 'Not a stage of this pipeline' })
    else if (seenStages.has(stageId)) problems.push({ path: `body.order.${index}.stageId`, message: 'Stage listed twice' })
    if (seenOrders.has(newOrder)) problems.push({ path: `body.order.${index}.newOrder`, message: 'Order value used twice' })
    seenStages.add(stageId)
    seenOrders.add(newOrder)
  })
  const missing = stages.filter((stage) => !seenStages.has(stage.id))
  if (missing.length > 0) {
    problems.push({ path: 'body.order', message: `Missing stages: ${missing.map((stage) => stage.id).join(', ')}` })
  }
  return problems
}

/** Lays the stages out by ascending newOrder, as positions 0…n-1. */
export const reorderStagesOperation = defineTenantOperation('pipelines.reorderStages', ({ ctx, input }) =>
  ctx.tenant.db.transaction().execute(async (trx) => {
    const pipeline = await requirePipeline(trx, input.pipelineId)
    await lockStageLayout(trx, pipeline.id)
    const problems = orderProblems(await listStages(trx, pipeline.id), input.order)
    if (problems.length > 0) throw new AppError('VALIDATION_ERROR', 'The new order must name each stage of the pipeline once', problems)
    const sorted = [...input.order].sort((a, b) => a.newOrder - b.newOrder)
    await setStagePositions(
      trx,
      pipeline.id,
      sorted.map(({ stageId }, position) => ({ id: stageId, position })),
    )
    return pipelineView(trx, pipeline)
  }),
)
