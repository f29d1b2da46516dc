import type { PipelineTemplateName } from './pipeline-templates'
import type { PipelineRow, StageRow } from './pipelines.repository'

export function toStage(row: StageRow) {
  return {
    id: row.id,
    pipelineId: row.pipeline_id,
    name: row.name,
    color: row.color,
    probability: row.probability,
    order: row.position,
    isWon: row.is_won,
    isLost: row.is_lost,
  }
}

export function toPipeline(row: PipelineRow, stages: StageRow[]) {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    template: row.template as PipelineTemplateName | null,
    isDefault: row.is_default,
    isArchived: row.is_archived,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    stages: stages.map(toStage),
  }
}
