import type { Kysely } from 'kysely'

/**
 * A media message's media, apart from `content` (the type's fields as Meta names them): Meta's media id
 * and, once fetched into media storage (or when sent by link), where it is served from — or why
 * fetching it failed.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('messages').addColumn('media', 'jsonb').execute()
}
