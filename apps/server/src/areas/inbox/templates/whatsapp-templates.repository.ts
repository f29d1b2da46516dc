import type { Kysely } from 'kysely'
import { tenantScope } from '../../../platform/cache/node-cache'
import type { TenantTables } from '../../../platform/database/tenant-tables'
import type { TenantContext } from '../../../platform/platform'

function findWhatsappTemplate(db: Kysely<TenantTables>, name: string, language: string) {
  return db
    .selectFrom('whatsapp_templates')
    .select(['name', 'language', 'status', 'mappings', 'on_empty_variable'])
    .where('name', '=', name)
    .where('language', '=', language)
    .executeTakeFirst()
}

/**
 * A synced template, kept on this node with the tenant's other cached values (ADR 0010). Whatever
 * writes `whatsapp_templates` (the template sync, a test's fixture) must drop the tenant's scope:
 * `platform.cache.invalidate(db, [tenantScope(clientCode)])`.
 */
export const whatsappTemplateFor = (ctx: TenantContext, name: string, language: string) =>
  ctx.platform.cache.read(tenantScope(ctx.tenant.clientCode), `whatsapp-template:${name}:${language}`, async () =>
    (await findWhatsappTemplate(ctx.tenant.db, name, language)) ?? null,
  )
