import type { Kysely } from 'kysely'
import type { TenantTables } from '../../platform/database/tenant-tables'
import { requirePipeline } from '../pipelines/pipeline-lookup'
import { findDefaultPipeline, type PipelineRow } from '../pipelines/pipelines.repository'

/** The named pipeline (404 when it is not the tenant's), else the default one; undefined when the tenant has none. */
export function reportedPipeline(db: Kysely<TenantTables>, pipelineId: string | undefined): Promise<PipelineRow | undefined> {
  return pipelineId === undefined ? findDefaultPipeline(db) : requirePipeline(db, pipelineId)
}
