import { type Kysely, type Selectable, sql, type Transaction } from 'kysely'
import { tenantScope } from '../../../platform/cache/node-cache'
import type { TemplateMapping, TenantTables } from '../../../platform/database/tenant-tables'
import type { TenantContext } from '../../../platform/platform'

type Db = Kysely<TenantTables> | Transaction<TenantTables>
export type WhatsappTemplateRow = Selectable<TenantTables['whatsapp_templates']>

/** What Meta's listing says of one template. */
export interface ListedTemplate {
  name: string
  language: string
  status: string
  category: string | null
  components: unknown[]
}

/** The owner of `whatsapp_templates`: every read and write of the table is a function here. */
function findWhatsappTemplate(db: Db, name: string, language: string) {
  return db.selectFrom('whatsapp_templates').selectAll().where('name', '=', name).where('language', '=', language).executeTakeFirst()
}

/**
 * A synced template, kept on this node with the tenant's other cached values (ADR 0010). Whatever
 * writes `whatsapp_templates` (the template sync, a mapping, a test's fixture) must drop the
 * tenant's scope: `templatesChanged(ctx)`.
 */
export const whatsappTemplateFor = (ctx: TenantContext, name: string, language: string) =>
  ctx.platform.cache.read(tenantScope(ctx.tenant.clientCode), `whatsapp-template:${name}:${language}`, async () =>
    (await findWhatsappTemplate(ctx.tenant.db, name, language)) ?? null,
  )

/** Drops the tenant's cached templates on every node; called once a write of the table has committed. */
export const templatesChanged = (ctx: TenantContext) => ctx.platform.cache.invalidate(ctx.platform.db, [tenantScope(ctx.tenant.clientCode)])

/** Every language of a template, by language. */
export function listTemplateLanguages(db: Db, name: string): Promise<WhatsappTemplateRow[]> {
  return db.selectFrom('whatsapp_templates').selectAll().where('name', '=', name).orderBy('language').execute()
}

/** The templates with this status (Meta's, upper case; rows written by hand may not be), or all of them, by name then language. */
export function listTemplates(db: Db, filters: { status?: string | undefined }): Promise<WhatsappTemplateRow[]> {
  return db
    .selectFrom('whatsapp_templates')
    .selectAll()
    .$if(filters.status !== undefined, (query) => query.where(sql<string>`upper(status)`, '=', filters.status!))
    .orderBy('name')
    .orderBy('language')
    .execute()
}

/**
 * Meta's listing, applied: each template upserted by name and language (its mapping kept; a row
 * whose status, category and components are unchanged is not touched), every other one marked
 * `DELETED`. Answers how many rows were created, updated and deleted.
 */
export async function applyTemplateListing(trx: Transaction<TenantTables>, listed: ListedTemplate[]) {
  const written =
    listed.length === 0
      ? []
      : await trx
          .insertInto('whatsapp_templates')
          .values(listed.map((template) => ({ ...template, components: JSON.stringify(template.components) })))
          .onConflict((oc) =>
            oc
              .columns(['name', 'language'])
              .doUpdateSet((eb) => ({
                status: eb.ref('excluded.status'),
                category: eb.ref('excluded.category'),
                components: eb.ref('excluded.components'),
                updated_at: sql`now()`,
              }))
              .where(sql<boolean>`(whatsapp_templates.status, whatsapp_templates.category, whatsapp_templates.components)
                is distinct from (excluded.status, excluded.category, excluded.components)`),
          )
          // xmax is 0 on a row this statement inserted, the updating transaction's id on one it updated.
          .returning(sql<boolean>`xmax = 0`.as('inserted'))
          .execute()
  const deleted = await trx
    .updateTable('whatsapp_templates')
    .set({ status: 'DELETED', updated_at: sql`now()` })
    .where('status', '<>', 'DELETED')
    .$if(listed.length > 0, (query) =>
      query.where(
        sql<boolean>`(name, language) not in (select * from unnest(${listed.map((t) => t.name)}::text[], ${listed.map((t) => t.language)}::text[]))`,
      ),
    )
    .executeTakeFirst()
  const created = written.filter((row) => row.inserted).length
  return { created, updated: written.length - created, deleted: Number(deleted.numUpdatedRows) }
}

export interface TemplateMappingChange {
  mappings: TemplateMapping[]
  onEmptyVariable: 'skip' | 'fail' | 'default'
  defaultValue: string | null
}

/** Sets the mapping of the template's languages (all, or the one named); answers the rows changed. */
export function updateTemplateMapping(db: Db, name: string, language: string | undefined, change: TemplateMappingChange) {
  return db
    .updateTable('whatsapp_templates')
    .set({
      mappings: JSON.stringify(change.mappings),
      on_empty_variable: change.onEmptyVariable,
      default_value: change.defaultValue,
      updated_at: sql`now()`,
    })
    .where('name', '=', name)
    .$if(language !== undefined, (query) => query.where('language', '=', language!))
    .returningAll()
    .execute()
}
