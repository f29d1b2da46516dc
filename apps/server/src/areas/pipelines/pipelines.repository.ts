import type { Kysely, Selectable, Transaction } from 'kysely'
import type { TenantTables } from '../../platform/database/tenant-tables'
import type { StageTemplate } from './pipeline-templates'

type Db = Kysely<TenantTables> | Transaction<TenantTables>
export type PipelineRow = Selectable<TenantTables['pipelines']>
export type StageRow = Selectable<TenantTables['stages']>

export function findDefaultPipeline(db: Db): Promise<PipelineRow | undefined> {
  return db.selectFrom('pipelines').selectAll().where('is_default', '=', true).executeTakeFirst()
}

export function listStages(db: Db, pipelineId: string): Promise<StageRow[]> {
  return db.selectFrom('stages').selectAll().where('pipeline_id', '=', pipelineId).orderBy('position').execute()
}

export async function insertPipelineWithStages(
  db: Db,
  pipeline: { name: string; description?: string | null; template?: string | null; isDefault: boolean },
  stages: StageTemplate[],
): Promise<{ pipeline: PipelineRow; stages: StageRow[] }> {
  const row = await db
    .insertInto('pipelines')
    .values({
      name: pipeline.name,
      description: pipeline.description ?? null,
      template: pipeline.template ?? null,
      is_default: pipeline.isDefault,
    })
    .returningAll()
    .executeTakeFirstOrThrow()
  const stageRows =
    stages.length === 0
      ? []
      : await db
          .insertInto('stages')
          .values(
            stages.map((stage, position) => ({
              pipeline_id: row.id,
              name: stage.name,
              color: stage.color,
              probability: stage.probability,
              position,
              is_won: stage.isWon ?? false,
              is_lost: stage.isLost ?? false,
            })),
          )
          .returningAll()
          .execute()
  return { pipeline: row, stages: stageRows.sort((a, b) => a.position - b.position) }
}
