import { type Kysely, sql } from 'kysely'

const now = sql`now()`

/**
 * The automation engine's trace: one event log per trigger (API or CRM outbox), one action run per
 * rule action (the unit that runs exactly once), callback deliveries with every attempt, and the
 * WhatsApp templates the send_whatsapp action resolves parameters from.
 */
export async function up(db: Kysely<any>): Promise<void> {
  // How deep in an automation chain a CRM change happened: 0 for API callers; actions set it per transaction.
  await db.schema
    .alterTable('crm_events')
    .addColumn('depth', 'integer', (col) =>
      col.notNull().defaultTo(sql`coalesce(nullif(current_setting('ecodrix.automation_depth', true), '')::integer, 0)`),
    )
    .execute()
  await db.schema
    .createIndex('crm_events_unconsumed_idx')
    .on('crm_events')
    .column('id')
    .where(sql.ref('consumed_at'), 'is', null)
    .execute()

  await db.schema
    .createTable('event_logs')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('trigger', 'text', (col) => col.notNull())
    .addColumn('source', 'text', (col) => col.notNull().check(sql`source in ('api', 'system', 'legacy')`))
    .addColumn('status', 'text', (col) =>
      col.notNull().check(sql`status in ('scheduled', 'processing', 'completed', 'partial', 'failed')`),
    )
    .addColumn('phone', 'text')
    .addColumn('email', 'text')
    .addColumn('lead_id', 'uuid', (col) => col.references('leads.id').onDelete('set null'))
    .addColumn('payload', 'jsonb', (col) => col.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('rules_matched', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('meet_link', 'text')
    .addColumn('meet_warning', 'text')
    .addColumn('callback_url', 'text')
    .addColumn('callback_metadata', 'jsonb')
    .addColumn('depth', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('crm_event_id', 'bigint', (col) => col.unique())
    .addColumn('run_at', 'timestamptz', (col) => col.notNull().defaultTo(now))
    .addColumn('job_id', 'text')
    .addColumn('error', 'text')
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(now))
    .addColumn('completed_at', 'timestamptz')
    .execute()
  await db.schema.createIndex('event_logs_created_idx').on('event_logs').column('created_at').execute()
  await db.schema.createIndex('event_logs_trigger_created_idx').on('event_logs').columns(['trigger', 'created_at']).execute()
  await db.schema.createIndex('event_logs_phone_idx').on('event_logs').column('phone').execute()

  await db.schema
    .createTable('action_runs')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('event_log_id', 'uuid', (col) => col.notNull().references('event_logs.id').onDelete('cascade'))
    .addColumn('rule_id', 'uuid', (col) => col.references('automation_rules.id').onDelete('set null'))
    .addColumn('rule_name', 'text', (col) => col.notNull())
    .addColumn('position', 'integer', (col) => col.notNull())
    .addColumn('type', 'text', (col) => col.notNull())
    .addColumn('config', 'jsonb', (col) => col.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('delay_minutes', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('status', 'text', (col) =>
      col.notNull().defaultTo('pending').check(sql`status in ('pending', 'scheduled', 'running', 'ok', 'failed', 'skipped')`),
    )
    .addColumn('reason', 'text')
    .addColumn('result', 'jsonb')
    .addColumn('job_id', 'text')
    .addColumn('run_at', 'timestamptz', (col) => col.notNull().defaultTo(now))
    .addColumn('attempts', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('started_at', 'timestamptz')
    .addColumn('finished_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(now))
    .execute()
  await db.schema.createIndex('action_runs_event_idx').on('action_runs').columns(['event_log_id', 'position']).execute()

  await db.schema
    .createTable('callback_deliveries')
    // Also the Standard Webhooks `webhook-id`, stable across retries.
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('event_log_id', 'uuid', (col) => col.notNull().unique().references('event_logs.id').onDelete('cascade'))
    .addColumn('url', 'text', (col) => col.notNull())
    // The exact bytes signed and sent on every attempt.
    .addColumn('body', 'text', (col) => col.notNull())
    .addColumn('status', 'text', (col) => col.notNull().defaultTo('pending').check(sql`status in ('pending', 'delivered', 'failed')`))
    .addColumn('attempts', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'timestamptz')
    .addColumn('job_id', 'text')
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(now))
    .addColumn('finished_at', 'timestamptz')
    .execute()

  await db.schema
    .createTable('callback_attempts')
    .addColumn('id', 'bigserial', (col) => col.primaryKey())
    .addColumn('delivery_id', 'uuid', (col) => col.notNull().references('callback_deliveries.id').onDelete('cascade'))
    .addColumn('attempt', 'integer', (col) => col.notNull())
    .addColumn('status', 'text', (col) => col.notNull().check(sql`status in ('delivered', 'failed')`))
    .addColumn('status_code', 'integer')
    .addColumn('duration_ms', 'integer', (col) => col.notNull())
    .addColumn('error', 'text')
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(now))
    .execute()
  await db.schema.createIndex('callback_attempts_created_idx').on('callback_attempts').column('created_at').execute()
  await db.schema.createIndex('callback_attempts_delivery_idx').on('callback_attempts').columns(['delivery_id', 'attempt']).execute()

  await db.schema
    .createTable('whatsapp_templates')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('name', 'text', (col) => col.notNull())
    .addColumn('language', 'text', (col) => col.notNull())
    .addColumn('status', 'text', (col) => col.notNull())
    .addColumn('category', 'text')
    .addColumn('components', 'jsonb', (col) => col.notNull().defaultTo(sql`'[]'::jsonb`))
    // [{variableIndex, source: lead|event|metadata, field}] and what to do when a value is empty.
    .addColumn('mappings', 'jsonb', (col) => col.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('on_empty_variable', 'text', (col) => col.notNull().defaultTo('skip'))
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(now))
    .addColumn('updated_at', 'timestamptz', (col) => col.notNull().defaultTo(now))
    .addUniqueConstraint('whatsapp_templates_name_language_unique', ['name', 'language'])
    .execute()
}
