import { type Kysely, sql } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('clients')
    .addColumn('code', 'text', (col) => col.primaryKey())
    .addColumn('name', 'text', (col) => col.notNull())
    .addColumn('status', 'text', (col) => col.notNull().defaultTo('active'))
    .addColumn('schema_name', 'text', (col) => col.notNull().unique())
    .addColumn('datasource_uri', 'text')
    .addColumn('datasource_host', 'text')
    .addColumn('datasource_database', 'text')
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .execute()

  await db.schema
    .createTable('api_keys')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('client_code', 'text', (col) => col.notNull().references('clients.code').onDelete('cascade'))
    .addColumn('key_hash', 'text', (col) => col.notNull().unique())
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('expires_at', 'timestamptz')
    .execute()
  await db.schema.createIndex('api_keys_client_code_idx').on('api_keys').column('client_code').execute()

  await db.schema
    .createTable('client_secrets')
    .addColumn('client_code', 'text', (col) => col.notNull().references('clients.code').onDelete('cascade'))
    .addColumn('name', 'text', (col) => col.notNull())
    .addColumn('ciphertext', 'text', (col) => col.notNull())
    .addColumn('updated_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('client_secrets_pk', ['client_code', 'name'])
    .execute()

  await db.schema
    .createTable('cors_origins')
    .addColumn('client_code', 'text', (col) => col.notNull().references('clients.code').onDelete('cascade'))
    .addColumn('origin', 'text', (col) => col.notNull())
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('cors_origins_pk', ['client_code', 'origin'])
    .execute()
  await db.schema.createIndex('cors_origins_origin_idx').on('cors_origins').column('origin').execute()

  await db.schema
    .createTable('platform_settings')
    .addColumn('key', 'text', (col) => col.primaryKey())
    .addColumn('value', 'text', (col) => col.notNull())
    .execute()
}
