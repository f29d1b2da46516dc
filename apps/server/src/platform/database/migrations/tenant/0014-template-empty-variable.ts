import { type Kysely, sql } from 'kysely'

/**
 * `on_empty_variable` held `skip` or the default text itself, so no template could fail on an
 * empty value, and a default text of "skip" could not be told from the mode. It becomes the mode
 * (`skip` | `fail` | `default`) with the text in `default_value`, present exactly for `default`.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('whatsapp_templates').addColumn('default_value', 'text').execute()
  await db
    .updateTable('whatsapp_templates')
    .set({ default_value: sql.ref('on_empty_variable'), on_empty_variable: 'default' })
    .where('on_empty_variable', '<>', 'skip')
    .execute()
  await db.schema
    .alterTable('whatsapp_templates')
    .addCheckConstraint(
      'whatsapp_templates_on_empty_variable_check',
      sql`on_empty_variable in ('skip', 'fail', 'default') and (on_empty_variable = 'default') = (default_value is not null)`,
    )
    .execute()
}
