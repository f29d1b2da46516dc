import { defineTenantOperation } from '../../../platform/http/operations'
import { toPipeline } from './pipeline-view'
import { listActivePipelines, listStagesOfPipelines } from './pipelines.repository'

export const listPipelinesOperation = defineTenantOperation('pipelines.list', async ({ ctx }) => {
  const { db } = ctx.tenant
  const pipelines = await listActivePipelines(db)
  const stages = await listStagesOfPipelines(
    db,
    pipelines.map((pipeline) => pipeline.id),
  )
  return pipelines.map((pipeline) => toPipeline(pipeline, stages.filter((stage) => stage.pipeline_id === pipeline.id)))
})
