import { addStageOperation } from './add-stage.handler'
import { archivePipelineOperation } from './archive-pipeline.handler'
import { createPipelineOperation } from './create-pipeline.handler'
import { deleteStageOperation } from './delete-stage.handler'
import { duplicatePipelineOperation } from './duplicate-pipeline.handler'
import { getPipelineOperation } from './get-pipeline.handler'
import { getPipelineBoardOperation } from './get-pipeline-board.handler'
import { getPipelineForecastOperation } from './get-pipeline-forecast.handler'
import { listPipelinesOperation } from './list-pipelines.handler'
import { reorderStagesOperation } from './reorder-stages.handler'
import { setDefaultPipelineOperation } from './set-default-pipeline.handler'
import { updatePipelineOperation } from './update-pipeline.handler'
import { updateStageOperation } from './update-stage.handler'
import type { Operation } from '../../platform/http/operations'

export const pipelinesOperations: Operation[] = [
  listPipelinesOperation,
  createPipelineOperation,
  getPipelineOperation,
  updatePipelineOperation,
  archivePipelineOperation,
  setDefaultPipelineOperation,
  duplicatePipelineOperation,
  addStageOperation,
  reorderStagesOperation,
  updateStageOperation,
  deleteStageOperation,
  getPipelineBoardOperation,
  getPipelineForecastOperation,
]
