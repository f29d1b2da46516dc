import type { Kysely } from 'kysely'
import type { TenantTables } from '../../../platform/database/tenant-tables'

export function findWhatsappTemplate(db: Kysely<TenantTables>, name: string, language: string) {
  return db
    .selectFrom('whatsapp_templates')
    .select(['name', 'language', 'status', 'mappings', 'on_empty_variable'])
    .where('name', '=', name)
    .where('language', '=', language)
    .executeTakeFirst()
}
