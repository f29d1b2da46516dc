import type { ColumnType, Generated } from 'kysely'

/** A jsonb column: objects come back parsed; writes send JSON text and may rely on the default. */
type Json<T, Default extends undefined = never> = ColumnType<T, string | Default, string>

/** Tables every tenant has in its own schema (or its own database). */
export interface TenantTables {
  automation_rules: {
    id: Generated<string>
    name: string
    trigger: string
    trigger_config: Json<Record<string, unknown>, undefined>
    condition: ColumnType<Record<string, unknown> | null, string | null | undefined, string | null>
    actions: Json<unknown[], undefined>
    is_active: Generated<boolean>
    created_at: ColumnType<Date, never, never>
    updated_at: ColumnType<Date, never, Date>
  }
}
