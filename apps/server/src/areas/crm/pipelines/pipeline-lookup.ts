import { AppError } from '../../../platform/http/errors'
import { findPipeline, findStage, listStages, type PipelineRow, type StageRow } from './pipelines.repository'
import { toPipeline } from './pipeline-view'

type Db = Parameters<typeof findPipeline>[0]

export async function requirePipeline(db: Db, id: string): Promise<PipelineRow> {
  const pipeline = await findPipeline(db, id)
  if (!pipeline) throw new AppError('PIPELINE_NOT_FOUND', `Pipeline ${id} not found`)
  return pipeline
}

export async function requireStage(db: Db, id: string, options: Parameters<typeof findStage>[2] = {}): Promise<StageRow> {
  const stage = await findStage(db, id, options)
  if (!stage) throw new AppError('STAGE_NOT_FOUND', `Stage ${id} not found`)
  return stage
}

/** The answer for operations that return a whole pipeline. */
export async function pipelineView(db: Db, row: PipelineRow) {
  return toPipeline(row, await listStages(db, row.id))
}
