import type { ColumnType, Generated } from 'kysely'

/** A jsonb column: objects come back parsed; writes send JSON text and may rely on the default. */
type Json<T, Default extends undefined = never> = ColumnType<T, string | Default, string>

type CreatedAt = ColumnType<Date, never, never>
type UpdatedAt = ColumnType<Date, never, Date>

export type LeadStatus = 'open' | 'won' | 'lost' | 'archived'
export interface LeadMetadata {
  refs: Record<string, string>
  extra: Record<string, unknown>
}

/** Tables every tenant has in its own schema (or its own database). */
export interface TenantTables {
  pipelines: {
    id: Generated<string>
    name: string
    description: string | null
    template: string | null
    is_default: Generated<boolean>
    is_archived: Generated<boolean>
    created_at: CreatedAt
    updated_at: UpdatedAt
  }
  stages: {
    id: Generated<string>
    pipeline_id: string
    name: string
    color: Generated<string>
    probability: Generated<number>
    position: number
    is_won: Generated<boolean>
    is_lost: Generated<boolean>
    created_at: CreatedAt
    updated_at: UpdatedAt
  }
  leads: {
    id: Generated<string>
    first_name: string | null
    last_name: string | null
    phone: string | null
    email: string | null
    source: string | null
    status: Generated<LeadStatus>
    pipeline_id: string
    stage_id: string
    assigned_to: string | null
    tags: Generated<string[]>
    score: Generated<number>
    /** numeric: read back as a string by pg. */
    deal_value: ColumnType<string | null, number | null | undefined, number | null>
    deal_title: string | null
    metadata: Json<LeadMetadata, undefined>
    close_reason: string | null
    closed_at: Date | null
    last_contacted_at: Date | null
    created_at: CreatedAt
    updated_at: UpdatedAt
  }
  activities: {
    id: Generated<string>
    lead_id: string
    type: string
    title: string
    body: string | null
    performed_by: string | null
    data: Json<Record<string, unknown>, undefined>
    created_at: ColumnType<Date, Date | undefined, never>
  }
  notes: {
    id: Generated<string>
    lead_id: string
    content: string
    created_by: string | null
    is_pinned: Generated<boolean>
    created_at: CreatedAt
    updated_at: UpdatedAt
  }
  crm_events: {
    id: Generated<string>
    type: string
    lead_id: string
    payload: Json<Record<string, unknown>, undefined>
    created_at: CreatedAt
    consumed_at: Date | null
  }
  scoring_config: {
    id: Generated<number>
    hot_threshold: Generated<number>
    cold_threshold: Generated<number>
    rules: Json<unknown[], undefined>
    recalculate_on_triggers: Generated<string[]>
    updated_at: UpdatedAt
  }
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
