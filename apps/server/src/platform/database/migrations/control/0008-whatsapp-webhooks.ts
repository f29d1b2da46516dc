import { type Kysely, sql } from 'kysely'

/**
 * Meta's one shared webhook: every delivery is stored raw (its exact bytes) before it is
 * acknowledged, then applied by a job, so nothing is lost when applying fails or the server dies.
 * Deliveries are routed to tenants by `metadata.phone_number_id`, which each tenant's
 * `whatsappPhoneNumberId` secret names (one tenant per number).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('whatsapp_webhook_deliveries')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('body', 'bytea', (col) => col.notNull())
    .addColumn('status', 'text', (col) => col.notNull().defaultTo('pending').check(sql`status in ('pending', 'processed', 'failed')`))
    .addColumn('attempts', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('error', 'text')
    .addColumn('received_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('processed_at', 'timestamptz')
    .execute()
  await db.schema
    .createIndex('whatsapp_webhook_deliveries_open_idx')
    .on('whatsapp_webhook_deliveries')
    .column('received_at')
    .where(sql.ref('status'), '=', 'pending')
    .execute()
  await db.schema
    .createTable('whatsapp_phone_numbers')
    .addColumn('phone_number_id', 'text', (col) => col.primaryKey())
    .addColumn('client_code', 'text', (col) => col.notNull().references('clients.code').onDelete('cascade'))
    .execute()
  await db.schema.createIndex('whatsapp_phone_numbers_client_idx').on('whatsapp_phone_numbers').column('client_code').execute()
}
