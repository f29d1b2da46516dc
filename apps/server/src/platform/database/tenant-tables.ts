import type { ColumnType, Generated, JSONColumnType } from 'kysely'

/** Tables every tenant has in its own schema (or its own database). */
export interface TenantTables {
  automation_rules: {
    id: Generated<string>
    name: string
    trigger: string
    trigger_config: JSONColumnType<Record<string, unknown>>
    condition: JSONColumnType<Record<string, unknown> | null>
    actions: JSONColumnType<unknown[]>
    is_active: Generated<boolean>
    created_at: ColumnType<Date, never, never>
    updated_at: ColumnType<Date, never, Date>
  }
}
