import type { z } from '@hono/zod-openapi'
import type { Kysely } from 'kysely'
import type { AnalyticsRangeSchema } from '../../../generated/routes'
import type { TenantTables } from '../../../platform/database/tenant-tables'
import { requirePipeline } from '../pipelines/pipeline-lookup'
import { findDefaultPipeline, type PipelineRow } from '../pipelines/pipelines.repository'

type AnalyticsRange = z.infer<typeof AnalyticsRangeSchema>

export const rangeDays = (range: AnalyticsRange): number => Number.parseInt(range, 10)

/** The moment `range` reaches back to from now. */
export const rangeStart = (range: AnalyticsRange): Date => new Date(Date.now() - rangeDays(range) * 86_400_000)

/** The named pipeline (404 when it is not the tenant's), else the default one; undefined when the tenant has none. */
export function reportedPipeline(db: Kysely<TenantTables>, pipelineId: string | undefined): Promise<PipelineRow | undefined> {
  return pipelineId === undefined ? findDefaultPipeline(db) : requirePipeline(db, pipelineId)
}
