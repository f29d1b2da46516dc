import { type Kysely, sql } from 'kysely'

const now = sql`now()`

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('pipelines')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('name', 'text', (col) => col.notNull())
    .addColumn('description', 'text')
    .addColumn('template', 'text')
    .addColumn('is_default', 'boolean', (col) => col.notNull().defaultTo(false))
    .addColumn('is_archived', 'boolean', (col) => col.notNull().defaultTo(false))
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(now))
    .addColumn('updated_at', 'timestamptz', (col) => col.notNull().defaultTo(now))
    .execute()
  // One default pipeline per tenant, enforced by the database (switching is one statement).
  // Raw SQL would miss the tenant schema, so indexes are built with the schema builder.
  await db.schema
    .createIndex('pipelines_one_default_idx')
    .on('pipelines')
    .unique()
    .expression(sql`(true)`)
    .where(sql.ref('is_default'), '=', true)
    .execute()

  await db.schema
    .createTable('stages')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('pipeline_id', 'uuid', (col) => col.notNull().references('pipelines.id').onDelete('cascade'))
    .addColumn('name', 'text', (col) => col.notNull())
    .addColumn('color', 'text', (col) => col.notNull().defaultTo('#6366f1'))
    .addColumn('probability', 'integer', (col) => col.notNull().defaultTo(0).check(sql`probability between 0 and 100`))
    .addColumn('position', 'integer', (col) => col.notNull())
    .addColumn('is_won', 'boolean', (col) => col.notNull().defaultTo(false))
    .addColumn('is_lost', 'boolean', (col) => col.notNull().defaultTo(false))
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(now))
    .addColumn('updated_at', 'timestamptz', (col) => col.notNull().defaultTo(now))
    .addCheckConstraint('stages_won_or_lost', sql`not (is_won and is_lost)`)
    .execute()
  await db.schema.createIndex('stages_pipeline_position_idx').on('stages').columns(['pipeline_id', 'position']).execute()

  await db.schema
    .createTable('leads')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('first_name', 'text')
    .addColumn('last_name', 'text')
    .addColumn('phone', 'text')
    .addColumn('email', 'text')
    .addColumn('source', 'text')
    .addColumn('status', 'text', (col) => col.notNull().defaultTo('open').check(sql`status in ('open', 'won', 'lost', 'archived')`))
    .addColumn('pipeline_id', 'uuid', (col) => col.notNull().references('pipelines.id'))
    .addColumn('stage_id', 'uuid', (col) => col.notNull().references('stages.id'))
    .addColumn('assigned_to', 'text')
    .addColumn('tags', sql`text[]`, (col) => col.notNull().defaultTo(sql`'{}'::text[]`))
    .addColumn('score', 'integer', (col) => col.notNull().defaultTo(0).check(sql`score between 0 and 100`))
    .addColumn('deal_value', 'numeric(14, 2)')
    .addColumn('deal_title', 'text')
    .addColumn('metadata', 'jsonb', (col) => col.notNull().defaultTo(sql`'{"refs":{},"extra":{}}'::jsonb`))
    .addColumn('close_reason', 'text')
    .addColumn('closed_at', 'timestamptz')
    .addColumn('last_contacted_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(now))
    .addColumn('updated_at', 'timestamptz', (col) => col.notNull().defaultTo(now))
    .execute()
  // At most one open lead per (normalised) phone.
  await db.schema
    .createIndex('leads_open_phone_idx')
    .on('leads')
    .unique()
    .column('phone')
    .where(sql<boolean>`status = 'open' and phone is not null`)
    .execute()
  await db.schema.createIndex('leads_stage_idx').on('leads').columns(['stage_id', 'status']).execute()
  await db.schema.createIndex('leads_pipeline_idx').on('leads').columns(['pipeline_id', 'status']).execute()
  await db.schema.createIndex('leads_status_created_idx').on('leads').columns(['status', 'created_at']).execute()
  await db.schema.createIndex('leads_tags_idx').on('leads').using('gin').column('tags').execute()
  await db.schema
    .createIndex('leads_refs_idx')
    .on('leads')
    .using('gin')
    .expression(sql`(metadata -> 'refs') jsonb_path_ops`)
    .execute()

  await db.schema
    .createTable('activities')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('lead_id', 'uuid', (col) => col.notNull().references('leads.id').onDelete('cascade'))
    .addColumn('type', 'text', (col) => col.notNull())
    .addColumn('title', 'text', (col) => col.notNull())
    .addColumn('body', 'text')
    .addColumn('performed_by', 'text')
    .addColumn('data', 'jsonb', (col) => col.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(now))
    .execute()
  await db.schema.createIndex('activities_lead_created_idx').on('activities').columns(['lead_id', 'created_at']).execute()

  await db.schema
    .createTable('notes')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('lead_id', 'uuid', (col) => col.notNull().references('leads.id').onDelete('cascade'))
    .addColumn('content', 'text', (col) => col.notNull())
    .addColumn('created_by', 'text')
    .addColumn('is_pinned', 'boolean', (col) => col.notNull().defaultTo(false))
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(now))
    .addColumn('updated_at', 'timestamptz', (col) => col.notNull().defaultTo(now))
    .execute()
  await db.schema.createIndex('notes_lead_idx').on('notes').columns(['lead_id', 'is_pinned', 'created_at']).execute()

  // The outbox: CRM changes the automation engine consumes, written in the same transaction.
  await db.schema
    .createTable('crm_events')
    .addColumn('id', 'bigserial', (col) => col.primaryKey())
    .addColumn('type', 'text', (col) => col.notNull())
    .addColumn('lead_id', 'uuid', (col) => col.notNull())
    .addColumn('payload', 'jsonb', (col) => col.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(now))
    .addColumn('consumed_at', 'timestamptz')
    .execute()
  await db.schema
    .createIndex('crm_events_pending_idx')
    .on('crm_events')
    .column('id')
    .where(sql.ref('consumed_at'), 'is', null)
    .execute()

  await db.schema
    .createTable('scoring_config')
    .addColumn('id', 'integer', (col) => col.primaryKey().defaultTo(1).check(sql`id = 1`))
    .addColumn('hot_threshold', 'integer', (col) => col.notNull().defaultTo(70))
    .addColumn('cold_threshold', 'integer', (col) => col.notNull().defaultTo(20))
    .addColumn('rules', 'jsonb', (col) => col.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('recalculate_on_triggers', sql`text[]`, (col) => col.notNull().defaultTo(sql`'{}'::text[]`))
    .addColumn('updated_at', 'timestamptz', (col) => col.notNull().defaultTo(now))
    .execute()
}
