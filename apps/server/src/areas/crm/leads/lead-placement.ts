import type { Kysely } from 'kysely'
import type { TenantTables } from '../../../platform/database/tenant-tables'
import { toPipeline, toStage } from '../pipelines/pipeline-view'
import { findPipeline, findStage } from '../pipelines/pipelines.repository'
import type { LeadRow } from '../lead-records/leads.repository'

/** The lead's pipeline (without its stages) and stage as the API shows them; null for one that is gone. */
export async function leadPlacement(db: Kysely<TenantTables>, lead: Pick<LeadRow, 'pipeline_id' | 'stage_id'>) {
  const [pipeline, stage] = await Promise.all([findPipeline(db, lead.pipeline_id), findStage(db, lead.stage_id)])
  const { stages: _stages, ...pipelineView } = pipeline ? toPipeline(pipeline, []) : { stages: [] }
  return { pipeline: pipeline ? pipelineView : null, stage: stage ? toStage(stage) : null }
}
