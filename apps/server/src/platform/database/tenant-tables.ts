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

export type EventSource = 'api' | 'system' | 'legacy'
export type EventStatus = 'scheduled' | 'processing' | 'completed' | 'partial' | 'failed'
export type ActionRunStatus = 'pending' | 'scheduled' | 'running' | 'ok' | 'failed' | 'skipped'
export type CallbackStatus = 'pending' | 'delivered' | 'failed'
/** An inbound message is `received`; an outbound one moves queued → sent → delivered → read, or to failed. */
export type MessageStatus = 'received' | 'queued' | 'sent' | 'delivered' | 'read' | 'failed'
/** Meta's message types; one the inbox does not know is kept as `unsupported` (spec `WhatsappMessageType`). */
export type MessageType =
  | 'text'
  | 'image'
  | 'video'
  | 'audio'
  | 'document'
  | 'sticker'
  | 'location'
  | 'contacts'
  | 'interactive'
  | 'button'
  | 'template'
  | 'reaction'
  | 'unsupported'
/** A media message's media (`messages.media`): Meta's id, and where it is stored once fetched. */
export interface MessageMedia {
  id: string | null
  url: string | null
  mimeType: string | null
  size: number | null
  filename: string | null
  error: string | null
}
export interface TemplateMapping {
  variableIndex: number
  /** Where the `{{variableIndex}}` sits; the body when absent (as in mappings stored before it existed). */
  component?: 'header' | 'body' | 'button'
  /** A button variable's button, by its position. */
  buttonIndex?: number
  source: 'lead' | 'pipeline' | 'stage' | 'event' | 'conversation' | 'metadata'
  field: string
}

/** A rollup row of leads: how many on one day, in one non-archived status. */
interface LeadDayRollup {
  status: Exclude<LeadStatus, 'archived'>
  day: Date
  leads: number
}

/** Tables every tenant has in its own schema (or its own database). */
export interface TenantTables {
  conversations: {
    id: Generated<string>
    /** E.164; one conversation per phone. */
    phone: string
    name: string | null
    lead_id: string | null
    status: Generated<'open' | 'closed'>
    assigned_to: string | null
    tags: Generated<string[]>
    unread_count: Generated<number>
    last_message_at: Date | null
    last_message_preview: string | null
    /** The last inbound message's time: the 24-hour customer-service window runs from it. */
    last_inbound_at: Date | null
    /** `lower(phone || ' ' || name)`, kept by PostgreSQL (generated): what the list's search matches with LIKE. */
    search_text: ColumnType<string, never, never>
    created_at: Generated<Date>
    updated_at: Generated<Date>
  }
  messages: {
    id: Generated<string>
    conversation_id: string
    /** Meta's message id; unique, so a redelivered message or status is applied once. */
    wamid: string | null
    direction: 'inbound' | 'outbound'
    type: MessageType
    status: MessageStatus
    body: string | null
    content: Json<Record<string, unknown>, undefined>
    media: ColumnType<MessageMedia | null, string | null | undefined, string | null>
    reply_to_id: string | null
    reply_to_wamid: string | null
    reaction: string | null
    contact_reaction: string | null
    starred: Generated<boolean>
    error_code: number | null
    error_title: string | null
    event_log_id: string | null
    sent_at: Date | null
    delivered_at: Date | null
    read_at: Date | null
    failed_at: Date | null
    /** The outbound queue: a queued message is due then (now, or after a retry's backoff); null once it left the queue. */
    next_attempt_at: Date | null
    /** Set by the claim that sends it, cleared when Graph's answer is stored: in flight, never claimed twice. */
    send_started_at: Date | null
    send_attempts: Generated<number>
    created_at: Generated<Date>
    updated_at: Generated<Date>
  }
  /** Meta's statuses for a wamid not stored yet, applied when its send's outcome stores it (ADR 0020). */
  early_message_statuses: {
    wamid: string
    status: 'sent' | 'delivered' | 'read' | 'failed'
    /** Meta's timestamp of the status. */
    at: Date
    error_code: number | null
    error_title: string | null
    received_at: Generated<Date>
  }
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
    /** When the lead entered its current stage (closes into a stage_stays row on the next move). */
    stage_entered_at: ColumnType<Date, Date | undefined, Date>
    created_at: CreatedAt
    updated_at: UpdatedAt
  }
  stage_stays: {
    id: Generated<string>
    lead_id: string
    pipeline_id: string
    stage_id: string
    entered_at: Date
    exited_at: Date
  }
  /** Rollups (migration 0007), kept by triggers; read-only for the application. Non-archived leads per UTC day of creation. */
  lead_stage_days: LeadDayRollup & { stage_id: string; pipeline_id: string; deal_value: string }
  lead_source_days: LeadDayRollup & { source: string | null; deal_value: string }
  lead_owner_days: LeadDayRollup & { assigned_to: string; deal_value: string }
  lead_score_days: { bucket: number; day: Date; leads: number; score: number }
  /** Activities per UTC day of creation and performer. */
  activity_days: { day: Date; performed_by: string | null; activities: number }
  /** Finished stays per UTC day of their end: how many, and their summed length in seconds (numeric). */
  stage_stay_days: { pipeline_id: string; stage_id: string; day: Date; stays: number; seconds: string }
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
    /** Automation chain depth of the change (0 for API callers), read from `ecodrix.automation_depth`. */
    depth: Generated<number>
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
  event_logs: {
    id: Generated<string>
    trigger: string
    source: EventSource
    status: EventStatus
    phone: string | null
    email: string | null
    lead_id: string | null
    payload: Json<Record<string, unknown>, undefined>
    rules_matched: Generated<number>
    meet_link: string | null
    meet_warning: string | null
    callback_url: string | null
    callback_metadata: ColumnType<Record<string, unknown> | null, string | null | undefined, string | null>
    depth: Generated<number>
    crm_event_id: string | null
    run_at: ColumnType<Date, Date | undefined, Date>
    job_id: string | null
    error: string | null
    created_at: CreatedAt
    completed_at: Date | null
  }
  action_runs: {
    id: Generated<string>
    event_log_id: string
    rule_id: string | null
    rule_name: string
    position: number
    type: string
    config: Json<Record<string, unknown>, undefined>
    delay_minutes: Generated<number>
    status: ColumnType<ActionRunStatus, ActionRunStatus | undefined, ActionRunStatus>
    reason: string | null
    result: ColumnType<Record<string, unknown> | null, string | null | undefined, string | null>
    job_id: string | null
    run_at: ColumnType<Date, Date | undefined, Date>
    attempts: Generated<number>
    started_at: Date | null
    finished_at: Date | null
    created_at: CreatedAt
  }
  callback_deliveries: {
    id: Generated<string>
    event_log_id: string
    url: string
    body: string
    status: ColumnType<CallbackStatus, CallbackStatus | undefined, CallbackStatus>
    attempts: Generated<number>
    next_attempt_at: Date | null
    job_id: string | null
    created_at: CreatedAt
    finished_at: Date | null
  }
  callback_attempts: {
    id: Generated<string>
    delivery_id: string
    attempt: number
    status: 'delivered' | 'failed'
    status_code: number | null
    duration_ms: number
    error: string | null
    created_at: CreatedAt
  }
  /** WhatsApp campaigns (migration 0015): counts fixed at acceptance; recipients' progress is read from their messages. */
  broadcasts: {
    id: Generated<string>
    name: string
    template_name: string
    language: string
    status: 'scheduled' | 'sending' | 'completed' | 'cancelled'
    audience: ColumnType<Record<string, unknown> | null, string | null | undefined, string | null>
    accepted: number
    rejected: number
    duplicates: number
    scheduled_at: Generated<Date>
    started_at: Date | null
    finished_at: Date | null
    cancelled_at: Date | null
    created_at: Generated<Date>
    updated_at: Generated<Date>
  }
  /** A broadcast's recipients; once `queued`, its message (`message_id`) carries the status. */
  broadcast_recipients: {
    broadcast_id: string
    position: number
    phone: string | null
    given_phone: string
    variables: Json<string[], undefined>
    lead_id: string | null
    status: 'pending' | 'queued' | 'rejected' | 'cancelled'
    error: string | null
    message_id: string | null
  }
  /** The keyword auto-replies: one row, the flows in the order they are tried, and the fallback reply. */
  auto_reply_settings: {
    id: Generated<number>
    flows: Json<unknown[], undefined>
    fallback: ColumnType<unknown, string | null | undefined, string | null>
    updated_at: UpdatedAt
  }
  /** One per inbound message answered: `idempotency_key` (`auto-reply:<wamid>`) is unique. */
  auto_replies: {
    id: Generated<string>
    idempotency_key: string
    inbound_message_id: string
    flow_id: string | null
    reply_message_id: string | null
    error: string | null
    created_at: CreatedAt
  }
  /** Each sending number's pacing: when its next message may go (claims advance it by their messages). */
  whatsapp_send_pacing: {
    phone_number_id: string
    next_send_at: Date
  }
  whatsapp_templates: {
    id: Generated<string>
    name: string
    language: string
    status: string
    category: string | null
    components: Json<unknown[], undefined>
    mappings: Json<TemplateMapping[], undefined>
    /** What a send does with an empty variable; `default` sends `default_value` (0014). */
    on_empty_variable: Generated<'skip' | 'fail' | 'default'>
    default_value: string | null
    created_at: CreatedAt
    updated_at: UpdatedAt
  }
}
