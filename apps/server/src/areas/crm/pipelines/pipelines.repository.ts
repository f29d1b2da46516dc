import { type Kysely, type Selectable, sql, type Transaction } from 'kysely'
import type { TenantTables } from '../../../platform/database/tenant-tables'
import { isUuid } from '../../../platform/database/uuid'
import { leadsByStage } from '../lead-records/lead-rollups.repository'
import { rollupWindow } from '../lead-records/rollup-window'

type Db = Kysely<TenantTables> | Transaction<TenantTables>
export type PipelineRow = Selectable<TenantTables['pipelines']>
export type StageRow = Selectable<TenantTables['stages']>
/** A stage to insert; colour and probability left out take the column defaults. */
export interface NewStage {
  name: string
  color?: string | undefined
  probability?: number | undefined
  isWon?: boolean | undefined
  isLost?: boolean | undefined
}

export function findDefaultPipeline(db: Db): Promise<PipelineRow | undefined> {
  return db.selectFrom('pipelines').selectAll().where('is_default', '=', true).executeTakeFirst()
}

export async function findPipeline(db: Db, id: string): Promise<PipelineRow | undefined> {
  if (!isUuid(id)) return undefined
  return db.selectFrom('pipelines').selectAll().where('id', '=', id).executeTakeFirst()
}

/** Non-archived pipelines, default first, then oldest first. */
export function listActivePipelines(db: Db): Promise<PipelineRow[]> {
  return db
    .selectFrom('pipelines')
    .selectAll()
    .where('is_archived', '=', false)
    .orderBy('is_default', 'desc')
    .orderBy('created_at')
    .orderBy('id')
    .execute()
}

export function listStages(db: Db, pipelineId: string): Promise<StageRow[]> {
  return db.selectFrom('stages').selectAll().where('pipeline_id', '=', pipelineId).orderBy('position').execute()
}

export function listStagesOfPipelines(db: Db, pipelineIds: string[]): Promise<StageRow[]> {
  if (pipelineIds.length === 0) return Promise.resolve([])
  return db.selectFrom('stages').selectAll().where('pipeline_id', 'in', pipelineIds).orderBy('position').execute()
}

/** `forUpdate` row-locks the stage until the transaction ends; lead inserts and moves into it wait for that. */
export async function findStage(db: Db, id: string, { forUpdate = false } = {}): Promise<StageRow | undefined> {
  if (!isUuid(id)) return undefined
  return db
    .selectFrom('stages')
    .selectAll()
    .where('id', '=', id)
    .$if(forUpdate, (query) => query.forUpdate())
    .executeTakeFirst()
}

/** The pipeline's first won (or lost) stage in board order, if it has one. */
export function closingStageOf(db: Db, pipelineId: string, outcome: 'won' | 'lost'): Promise<StageRow | undefined> {
  return db
    .selectFrom('stages')
    .selectAll()
    .where('pipeline_id', '=', pipelineId)
    .where(outcome === 'won' ? 'is_won' : 'is_lost', '=', true)
    .orderBy('position')
    .limit(1)
    .executeTakeFirst()
}

export function firstStageOf(db: Db, pipelineId: string): Promise<StageRow | undefined> {
  return db.selectFrom('stages').selectAll().where('pipeline_id', '=', pipelineId).orderBy('position').limit(1).executeTakeFirst()
}

/**
 * Queues changes to a pipeline's stage layout (deletes, reorders) until the transaction ends: each
 * rewrites the other stages' positions, so two at once would deadlock. The pipeline row is locked
 * "for no key update", which the key-share locks of lead and stage inserts (through their foreign
 * keys) do not wait for.
 */
export async function lockStageLayout(trx: Transaction<TenantTables>, pipelineId: string): Promise<void> {
  await trx.selectFrom('pipelines').select('id').where('id', '=', pipelineId).forNoKeyUpdate().execute()
}

/**
 * Serialises changes of the tenant's default pipeline until the transaction ends. Row locks would
 * not do: a concurrent switch could make a pipeline default that this transaction's unset missed.
 */
export async function lockDefaultPipeline(trx: Transaction<TenantTables>, tenantKey: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtext(${`ecodrix.default-pipeline.${tenantKey}`}))`.execute(trx)
}

export async function setDefaultPipeline(trx: Transaction<TenantTables>, id: string): Promise<PipelineRow> {
  // Two statements: a single one could meet the one-default index before unsetting the old default.
  await trx
    .updateTable('pipelines')
    .set({ is_default: false, updated_at: new Date() })
    .where('is_default', '=', true)
    .where('id', '!=', id)
    .execute()
  return trx
    .updateTable('pipelines')
    .set({ is_default: true, updated_at: new Date() })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow()
}

export function updatePipeline(
  db: Db,
  id: string,
  changes: { name?: string; description?: string | null; is_archived?: boolean },
): Promise<PipelineRow> {
  return db
    .updateTable('pipelines')
    .set({ ...changes, updated_at: new Date() })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow()
}

export async function insertPipelineWithStages(
  db: Db,
  pipeline: { name: string; description?: string | null; template?: string | null; isDefault: boolean },
  stages: NewStage[],
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

/** Appends a stage after the pipeline's last one. */
export function insertStage(
  db: Db,
  pipelineId: string,
  stage: NewStage,
): Promise<StageRow> {
  return db
    .insertInto('stages')
    .values((eb) => ({
      pipeline_id: pipelineId,
      name: stage.name,
      color: stage.color,
      probability: stage.probability,
      is_won: stage.isWon,
      is_lost: stage.isLost,
      position: eb
        .selectFrom('stages')
        .select(sql<number>`coalesce(max(position) + 1, 0)`.as('next'))
        .where('pipeline_id', '=', pipelineId),
    }))
    .returningAll()
    .executeTakeFirstOrThrow()
}

export function updateStage(
  db: Db,
  id: string,
  changes: { name?: string; color?: string; probability?: number; is_won?: boolean; is_lost?: boolean },
): Promise<StageRow> {
  return db
    .updateTable('stages')
    .set({ ...changes, updated_at: new Date() })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow()
}

/** Sets every listed stage's position in one statement. */
export async function setStagePositions(db: Db, pipelineId: string, positions: { id: string; position: number }[]): Promise<void> {
  const cases = sql.join(
    positions.map(({ id, position }) => sql`when ${id}::uuid then ${position}::int`),
    sql` `,
  )
  await db
    .updateTable('stages')
    .set({ position: sql<number>`case ${sql.ref('id')} ${cases} end`, updated_at: new Date() })
    .where('pipeline_id', '=', pipelineId)
    .where(
      'id',
      'in',
      positions.map(({ id }) => id),
    )
    .execute()
}

export async function deleteStage(db: Db, id: string): Promise<void> {
  await db.deleteFrom('stages').where('id', '=', id).execute()
}

const money = (expression: ReturnType<typeof sql>) => sql<string>`coalesce(round(${expression}, 2), 0)`

/**
 * Open leads per stage, every stage (empty ones with 0) in board order, with the pipeline's totals
 * on every row (window sums over the groups), all in one grouped query over the stage rollup: its
 * cost follows stages and days, not leads. `createdSince` keeps only the leads created from then on.
 */
export function aggregateOpenLeadsByStage(db: Db, pipelineId: string, createdSince?: Date) {
  const value = sql`sum(${sql.ref('open.deal_value')})`
  const expected = sql`${value} * ${sql.ref('stages.probability')} / 100`
  const leads = leadsByStage(db, createdSince && rollupWindow(createdSince)).as('open')
  return db
    .selectFrom('stages')
    .leftJoin(leads, (join) => join.onRef('open.stage_id', '=', 'stages.id').on('open.status', '=', 'open'))
    .select([
      'stages.id',
      'stages.name',
      'stages.color',
      'stages.probability',
      'stages.position',
      sql<number>`coalesce(sum(${sql.ref('open.leads')}), 0)`.as('lead_count'),
      money(value).as('total_value'),
      money(expected).as('expected_revenue'),
      money(sql`sum(${value}) over ()`).as('pipeline_value'),
      money(sql`sum(${expected}) over ()`).as('pipeline_expected_revenue'),
    ])
    .where('stages.pipeline_id', '=', pipelineId)
    .groupBy('stages.id')
    .orderBy('stages.position')
    .execute()
}
