import { type Kysely, sql } from 'kysely'

/**
 * Each finished stay of a lead in a stage, written with the move that ends it, so time-per-stage
 * reports are a GROUP BY instead of a window over the whole move history. Backfilled from the
 * stage_moved activities.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('leads').addColumn('stage_entered_at', 'timestamptz').execute()
  await db.schema
    .createTable('stage_stays')
    .addColumn('id', 'bigserial', (col) => col.primaryKey())
    .addColumn('lead_id', 'uuid', (col) => col.notNull().references('leads.id').onDelete('cascade'))
    .addColumn('pipeline_id', 'uuid', (col) => col.notNull())
    .addColumn('stage_id', 'uuid', (col) => col.notNull())
    .addColumn('entered_at', 'timestamptz', (col) => col.notNull())
    .addColumn('exited_at', 'timestamptz', (col) => col.notNull())
    .execute()
  await db.schema.createIndex('stage_stays_pipeline_exited_idx').on('stage_stays').columns(['pipeline_id', 'exited_at']).execute()

  // Aliases keep raw SQL fragments inside the tenant schema (the schema plugin does not rewrite raw SQL).
  const moves = db
    .selectFrom('activities as a')
    .innerJoin('leads as l', 'l.id', 'a.lead_id')
    .where('a.type', '=', 'stage_moved')
    .select([
      'a.lead_id',
      'l.pipeline_id',
      sql`(a.data ->> 'fromStageId')::uuid`.as('stage_id'),
      sql`coalesce(lag(a.created_at) over (partition by a.lead_id order by a.created_at, a.id), l.created_at)`.as('entered_at'),
      'a.created_at as exited_at',
    ])
  await db
    .insertInto('stage_stays')
    .columns(['lead_id', 'pipeline_id', 'stage_id', 'entered_at', 'exited_at'])
    .expression(moves)
    .execute()
  const lastMove = db
    .selectFrom('activities as a')
    .select(sql`max(a.created_at)`.as('moved_at'))
    .whereRef('a.lead_id', '=', 'leads.id')
    .where('a.type', '=', 'stage_moved')
  await db
    .updateTable('leads')
    .set({ stage_entered_at: sql`coalesce((${lastMove}), ${sql.ref('leads.created_at')})` })
    .execute()
  await db.schema.alterTable('leads').alterColumn('stage_entered_at', (col) => col.setNotNull()).execute()
  await db.schema.alterTable('leads').alterColumn('stage_entered_at', (col) => col.setDefault(sql`now()`)).execute()
}
