import type { ColumnType, Generated } from 'kysely'
import type { CountryCode } from 'libphonenumber-js/min'

type CreatedAt = ColumnType<Date, never, never>
type UpdatedAt = ColumnType<Date, never, Date>

/** Platform-wide tables (schema `public`): tenants, their credentials and settings. */
export interface ControlTables {
  /** Real-time frames too big to NOTIFY, kept a minute for the hubs to read (platform/realtime). */
  realtime_frames: {
    id: Generated<string>
    /** The frame's JSON text, as sockets receive it. */
    frame: string
    created_at: Generated<Date>
  }
  whatsapp_webhook_deliveries: {
    id: Generated<string>
    /** The delivery's exact bytes, as signed. */
    body: Buffer
    status: Generated<'pending' | 'processed' | 'failed'>
    attempts: Generated<number>
    error: string | null
    received_at: Generated<Date>
    processed_at: Date | null
  }
  whatsapp_phone_numbers: {
    phone_number_id: string
    client_code: string
  }
  clients: {
    code: string
    name: string
    status: Generated<'active'>
    schema_name: string
    /** Encrypted PostgreSQL URI of the tenant's own database; null means the platform database. */
    datasource_uri: string | null
    datasource_host: string | null
    datasource_database: string | null
    /** ISO 3166-1 alpha-2; national phone numbers are read in it (control migration 0006). */
    default_country: ColumnType<CountryCode, CountryCode | undefined, CountryCode>
    created_at: CreatedAt
    updated_at: UpdatedAt
  }
  api_keys: {
    id: Generated<string>
    client_code: string
    key_hash: string
    created_at: CreatedAt
    /** When the key stops working; null while it is current. */
    expires_at: Date | null
  }
  client_secrets: {
    client_code: string
    name: string
    ciphertext: string
    updated_at: UpdatedAt
  }
  cors_origins: {
    client_code: string
    origin: string
    created_at: CreatedAt
  }
  platform_settings: {
    key: string
    value: string
  }
  rate_limit_windows: {
    client_code: string
    bucket: string
    window_start: Date
    count: number
  }
  idempotency_keys: {
    /** The tenant's client code, or "admin". */
    scope: string
    key: string
    method: string
    path: string
    request_hash: string
    status: ColumnType<'in_flight' | 'completed', 'in_flight' | 'completed' | undefined, 'in_flight' | 'completed'>
    response_status: number | null
    response_headers: ColumnType<Record<string, string> | null, string | null | undefined, string | null>
    response_body: string | null
    created_at: CreatedAt
    expires_at: Date
  }
  google_oauth_states: {
    /** SHA-256 of the connect link's token (step `link`) or of the `state` handed to Google (step `consent`); neither is stored. */
    token_hash: string
    client_code: string
    step: 'link' | 'consent'
    created_at: CreatedAt
    expires_at: Date
  }
}
