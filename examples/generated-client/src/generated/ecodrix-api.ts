/* eslint-disable */
/* tslint:disable */
// @ts-nocheck
/*
 * ---------------------------------------------------------------
 * ## THIS FILE WAS GENERATED VIA SWAGGER-TYPESCRIPT-API        ##
 * ##                                                           ##
 * ## AUTHOR: acacode                                           ##
 * ## SOURCE: https://github.com/acacode/swagger-typescript-api ##
 * ---------------------------------------------------------------
 */

/**
 * What a send does when a variable's value is empty: `skip` the send (the automation's action ends
 * `skipped`), `fail` it, or send `defaultValue` in its place.
 */
export type WhatsappTemplateOnEmptyVariable = "skip" | "fail" | "default";

/**
 * The collection a mapped variable reads (`GET /api/saas/chat/collections`): the lead, its pipeline
 * and stage, the trigger's event (its `variables`, then its `data`), the phone's conversation, or
 * the lead's `metadata` (`refs`, then `extra`).
 */
export type WhatsappTemplateMappingSource =
  | "lead"
  | "pipeline"
  | "stage"
  | "event"
  | "conversation"
  | "metadata";

/** Where the placeholder sits; Graph takes header, body and each button's parameters separately. */
export type WhatsappTemplateVariableComponent = "header" | "body" | "button";

/**
 * `mapped`: every variable has a mapping (or the template has none); `partial`: some do;
 * `unmapped`: none does (a send then fills the body from the event's `variables` in order).
 */
export type WhatsappTemplateMappingStatus = "mapped" | "partial" | "unmapped";

/** `pending` until the recipient's message is queued; then its message's status (`queued`, `sent`, `delivered`, `read`, or `failed` with Meta's code). `rejected`: the phone is not a phone number, or the recipient has fewer variables than the template needs (nothing sent; `error` says which). `cancelled`: the broadcast was cancelled before the message left. */
export type BroadcastRecipientStatus =
  | "pending"
  | "queued"
  | "sent"
  | "delivered"
  | "read"
  | "failed"
  | "rejected"
  | "cancelled";

/** `scheduled` until its `scheduledAt` (or its first message is queued), `sending` while recipients wait or their messages are in the outbound queue, `completed` once every message has left the queue (sent or failed), `cancelled` when cancelled before that. */
export type BroadcastStatus =
  | "scheduled"
  | "sending"
  | "completed"
  | "cancelled";

/** Meta's message types. `interactive` is a contact's reply to reply-buttons or a list, `button` a tap on a template's quick-reply button. A type this inbox does not know is kept as `unsupported`, with Meta's whole message in `content`. */
export type WhatsappMessageType =
  | "text"
  | "image"
  | "video"
  | "audio"
  | "document"
  | "sticker"
  | "location"
  | "contacts"
  | "interactive"
  | "button"
  | "template"
  | "reaction"
  | "unsupported";

/** An inbound message is `received`. An outbound one is `queued` until Graph accepts it (`sent`), then moves forward only (`delivered`, `read`) as Meta's statuses arrive — a late `delivered` never overwrites `read` — or ends `failed` with Meta's error code and title. */
export type WhatsappMessageStatus =
  | "received"
  | "queued"
  | "sent"
  | "delivered"
  | "read"
  | "failed";

export type WhatsappMessageDirection = "inbound" | "outbound";

export type ConversationStatus = "open" | "closed";

/**
 * `scheduled`: waiting for its `delayMinutes`; `processing`: its actions are running; `completed`: every
 * action ran ok or was skipped; `partial`: some actions failed; `failed`: every action failed, or the run
 * itself failed (see `error`).
 */
export type EventLogStatus =
  | "scheduled"
  | "processing"
  | "completed"
  | "partial"
  | "failed";

/**
 * A built-in pipeline with ready-made stages.
 * @example "appointment"
 */
export type PipelineTemplate =
  | "sales"
  | "support"
  | "recruitment"
  | "marketing"
  | "appointment"
  | "product_purchase";

/**
 * `eq`/`neq` compare values (numbers numerically); `gt`/`gte`/`lt`/`lte` compare numbers;
 * `contains` finds text in a string (case-insensitive) or an item in a list (tags); `in` is true when
 * the field's value is one of `value` (a list); `exists` is true when the field has a value (with
 * `value: false`, when it has none).
 */
export type ConditionOperator =
  | "eq"
  | "neq"
  | "gt"
  | "gte"
  | "lt"
  | "lte"
  | "contains"
  | "in"
  | "exists";

export type AnalyticsRange = "7d" | "30d" | "90d" | "365d";

/** The kinds of activity that can be logged by hand. */
export type ActivityType =
  | "meeting"
  | "email"
  | "call"
  | "whatsapp"
  | "task"
  | "custom";

export type LeadStatus = "open" | "won" | "lost" | "archived";

/**
 * `not_configured`: the tenant has not stored the credentials the service needs.
 * `configured`: credentials are stored but a live check did not succeed (or has not been possible).
 * `connected`: credentials are stored and a live check against the provider succeeded.
 */
export type ServiceStatus = "connected" | "configured" | "not_configured";

/**
 * Stable machine-readable reason of a failure: branch on it, never on `message`. This list is every
 * code the server answers; codes are never renamed, and a new one is added here first. Each code
 * always comes with the same HTTP status, given at the start of its meaning.
 * @example "VALIDATION_ERROR"
 */
export type ErrorCode =
  | "BAD_REQUEST"
  | "INVALID_JSON"
  | "VALIDATION_ERROR"
  | "CALLBACK_URL_FORBIDDEN"
  | "OAUTH_STATE_INVALID"
  | "GOOGLE_OAUTH_FAILED"
  | "UNAUTHORIZED"
  | "FORBIDDEN"
  | "NOT_FOUND"
  | "CLIENT_NOT_FOUND"
  | "LEAD_NOT_FOUND"
  | "NOTE_NOT_FOUND"
  | "PIPELINE_NOT_FOUND"
  | "STAGE_NOT_FOUND"
  | "RULE_NOT_FOUND"
  | "EVENT_LOG_NOT_FOUND"
  | "JOB_NOT_FOUND"
  | "CONVERSATION_NOT_FOUND"
  | "MESSAGE_NOT_FOUND"
  | "TEMPLATE_NOT_FOUND"
  | "BROADCAST_NOT_FOUND"
  | "CALLBACK_NOT_FOUND"
  | "METHOD_NOT_ALLOWED"
  | "CONFLICT"
  | "CLIENT_EXISTS"
  | "DEFAULT_PIPELINE"
  | "STAGE_HAS_LEADS"
  | "LEAD_EXISTS"
  | "MESSAGE_NOT_SENT"
  | "BROADCAST_FINISHED"
  | "IDEMPOTENCY_IN_PROGRESS"
  | "PAYLOAD_TOO_LARGE"
  | "UNSUPPORTED_MEDIA_TYPE"
  | "DATASOURCE_UNREACHABLE"
  | "IDEMPOTENCY_MISMATCH"
  | "GOOGLE_NOT_CONFIGURED"
  | "WHATSAPP_NOT_CONFIGURED"
  | "WHATSAPP_REJECTED"
  | "OUTSIDE_SERVICE_WINDOW"
  | "TEMPLATE_NOT_APPROVED"
  | "TEMPLATE_VARIABLE_EMPTY"
  | "BROADCAST_NO_RECIPIENTS"
  | "UPGRADE_REQUIRED"
  | "RATE_LIMITED"
  | "INTERNAL"
  | "GOOGLE_UNAVAILABLE"
  | "WHATSAPP_UNAVAILABLE"
  | "WHATSAPP_UPSTREAM_ERROR"
  | "DB_UNAVAILABLE"
  | "SHUTTING_DOWN";

/** One step of a rule; `type` selects the action and the shape of `config`. */
export type AutomationAction =
  | ({
      type: "send_whatsapp";
    } & SendWhatsappAction)
  | ({
      type: "send_email";
    } & SendEmailAction)
  | ({
      type: "move_stage";
    } & MoveStageAction)
  | ({
      type: "assign_to";
    } & AssignToAction)
  | ({
      type: "add_tag";
    } & AddTagAction)
  | ({
      type: "remove_tag";
    } & RemoveTagAction);

/**
 * One frame of `GET /api/saas/realtime`: a WebSocket text message holding this JSON. `type` tells
 * what `data` is. Frames of one tenant arrive in the order they were published; a client that gets
 * `resync` (or reconnects) has missed frames and should fetch what it shows again.
 */
export type RealtimeFrame =
  | ({
      type: "message:new";
    } & RealtimeMessageNewFrame)
  | ({
      type: "message:status";
    } & RealtimeMessageStatusFrame)
  | ({
      type: "conversation:updated";
    } & RealtimeConversationUpdatedFrame)
  | ({
      type: "conversation:deleted";
    } & RealtimeConversationDeletedFrame)
  | ({
      type: "resync";
    } & RealtimeResyncFrame)
  | ({
      type: "callback:attempt";
    } & RealtimeCallbackAttemptFrame);

/** @example {"clientCode":"nirvisham","name":"Nirvisham Clinics","status":"active","defaultCountry":"IN","createdAt":"2026-03-01T10:00:00.000Z","secrets":{"whatsappToken":true,"whatsappBusinessId":true,"whatsappPhoneNumberId":true,"whatsappWebhookToken":false,"smtpHost":false,"smtpPort":false,"smtpUser":false,"smtpPass":false,"smtpFrom":false,"automationWebhookSecret":true,"googleRefreshToken":false},"datasource":null,"corsOrigins":["https://client-domain.com"]} */
export interface Client {
  /** Tenant identifier; lowercase letters, digits and underscores, starting with a letter. */
  clientCode: ClientCode;
  name: string;
  status: "active";
  /**
   * An ISO 3166-1 alpha-2 country code, upper case: the country a tenant's phone numbers written
   * without a country code are read in (`09876543210` in `IN` is `+919876543210`, `020 7946 0018` in
   * `GB` is `+442079460018`). A code with no numbering plan known to libphonenumber answers 400.
   */
  defaultCountry: CountryCode;
  /** @format date-time */
  createdAt: string;
  /**
   * Which secrets are set (true) or not (false). Values are never shown. `googleRefreshToken` is
   * stored by the Google OAuth callback (`GET /api/auth/google/connect`), never by the secrets route.
   */
  secrets: SecretsStatus;
  /** Where the tenant's data lives; `null` means the platform database. */
  datasource: DatasourceInfo | null;
  corsOrigins: string[];
}

/**
 * Tenant identifier; lowercase letters, digits and underscores, starting with a letter.
 * @pattern ^[a-z][a-z0-9_]{2,39}$
 * @example "nirvisham"
 */
export type ClientCode = string;

/**
 * A new tenant's credentials. `apiKey` and `webhookSecret` are shown only in this answer.
 * @example {"clientCode":"nirvisham","name":"Nirvisham Clinics","defaultCountry":"IN","apiKey":"ecx_3q2x9Yl0v8mX1m0bq7VvZpWf6hQ4cB2nR5tJ8kL1sA0","webhookSecret":"whsec_n4bQgYhMfWWaL+qgxVrQFaO/TxsrC4Is0V1sFbDwCgg=","createdAt":"2026-03-01T10:00:00.000Z"}
 */
export interface ClientCredentials {
  /** Tenant identifier; lowercase letters, digits and underscores, starting with a letter. */
  clientCode: ClientCode;
  name: string;
  /**
   * An ISO 3166-1 alpha-2 country code, upper case: the country a tenant's phone numbers written
   * without a country code are read in (`09876543210` in `IN` is `+919876543210`, `020 7946 0018` in
   * `GB` is `+442079460018`). A code with no numbering plan known to libphonenumber answers 400.
   */
  defaultCountry: CountryCode;
  /** Send as `x-api-key`. Stored only as a hash; it cannot be shown again. */
  apiKey: string;
  /**
   * Signs callbacks: `webhook-signature` (Standard Webhooks; pass it as is to `new Webhook(secret)` of the `standardwebhooks` package, or to the SDK's `verifyWebhook`) and `x-ecodrix-signature` (HMAC-SHA256 keyed with this string's UTF-8 bytes). `whsec_` and base64 of a 256-bit key. Also stored as the `automationWebhookSecret` secret.
   * @pattern ^whsec_[A-Za-z0-9+/]{43}=$
   */
  webhookSecret: string;
  /** @format date-time */
  createdAt: string;
}

export type ClientEnvelope = SuccessEnvelope & {
  data: Client;
};

/** @example {"clientCode":"nirvisham","services":{"whatsapp":"connected","email":"configured","googleMeet":"configured"},"activeAutomations":5,"queueDepth":0} */
export interface ClientHealth {
  clientCode: string;
  services: {
    /**
     * `not_configured`: the tenant has not stored the credentials the service needs.
     * `configured`: credentials are stored but a live check did not succeed (or has not been possible).
     * `connected`: credentials are stored and a live check against the provider succeeded.
     */
    whatsapp: ServiceStatus;
    /**
     * `not_configured`: the tenant has not stored the credentials the service needs.
     * `configured`: credentials are stored but a live check did not succeed (or has not been possible).
     * `connected`: credentials are stored and a live check against the provider succeeded.
     */
    email: ServiceStatus;
    /**
     * `not_configured`: the tenant has not stored the credentials the service needs.
     * `configured`: credentials are stored but a live check did not succeed (or has not been possible).
     * `connected`: credentials are stored and a live check against the provider succeeded.
     */
    googleMeet: ServiceStatus;
  };
  /**
   * Automation rules of this tenant that are enabled.
   * @min 0
   */
  activeAutomations: number;
  /**
   * Background jobs of this tenant that are queued or running.
   * @min 0
   */
  queueDepth: number;
}

/** The tenant's WhatsApp conversation with one phone. */
export interface Conversation {
  id: string;
  /** E.164 (`+919876543210`), normalised as the CRM's lead phones are. */
  phone: string;
  /** The contact's WhatsApp profile name, or the name given to the conversation. */
  name: string | null;
  /** The CRM lead with this phone. */
  leadId: string | null;
  status: ConversationStatus;
  assignedTo: string | null;
  tags: string[];
  /** @min 0 */
  unreadCount: number;
  /** @format date-time */
  lastMessageAt: string | null;
  lastMessagePreview: string | null;
  /**
   * When the contact last wrote; it opens Meta's 24-hour customer-service window.
   * @format date-time
   */
  lastInboundAt: string | null;
  /** Whether free-form messages may be sent now (the contact wrote within 24 hours); templates always may. */
  serviceWindowOpen: boolean;
  /** @format date-time */
  serviceWindowEndsAt: string | null;
  /** @format date-time */
  createdAt: string;
  /** @format date-time */
  updatedAt: string;
}

export type ConversationEnvelope = SuccessEnvelope & {
  /** The tenant's WhatsApp conversation with one phone. */
  data: Conversation;
};

/** @example {"url":"https://client-domain.com"} */
export interface CorsOriginRequest {
  /**
   * An origin as browsers send it: `http` or `https`, a host and an optional port (a trailing
   * slash is allowed). A path, query, fragment, credentials or control characters answer 400
   * VALIDATION_ERROR. Stored in its canonical form (`https://Client-Domain.com:443` →
   * `https://client-domain.com`).
   * @format uri
   * @maxLength 2048
   */
  url: string;
}

/** @example {"origins":["https://client-domain.com"]} */
export interface CorsOrigins {
  origins: string[];
}

export type CorsOriginsEnvelope = SuccessEnvelope & {
  data: CorsOrigins;
};

/** @example {"name":"Nirvisham Clinics","clientCode":"nirvisham"} */
export interface CreateClientRequest {
  /**
   * @minLength 1
   * @maxLength 120
   * @example "Nirvisham Clinics"
   */
  name: string;
  /** Tenant identifier; lowercase letters, digits and underscores, starting with a letter. */
  clientCode?: ClientCode;
  /** @default "IN" */
  defaultCountry?: CountryCode;
}

/** The tenant's own database, without credentials. */
export interface DatasourceInfo {
  /** @example "db.internal:5432" */
  host: string;
  /** @example "nirvisham" */
  database: string;
  /** @example "tenant_nirvisham" */
  schema: string;
}

/** @example {"dbUri":"postgres://ecodrix:secret@db.internal:5432/nirvisham"} */
export interface DatasourceRequest {
  /**
   * A PostgreSQL connection URI. ECODrIx connects, creates the tenant's schema there and runs its migrations.
   * @maxLength 2048
   * @pattern ^postgres(ql)?://
   */
  dbUri: string;
}

/** Every failed request answers with this envelope. */
export interface ErrorEnvelope {
  success: false;
  /**
   * Human-readable reason; never a stack trace.
   * @example "Invalid request body"
   */
  message: string;
  /**
   * Stable machine-readable reason of a failure: branch on it, never on `message`. This list is every
   * code the server answers; codes are never renamed, and a new one is added here first. Each code
   * always comes with the same HTTP status, given at the start of its meaning.
   */
  code: ErrorCode;
  /**
   * Same value as the `x-request-id` response header.
   * @example "0d9c1b3e-6f1a-4c44-9f57-2f3c8a1f4b21"
   */
  requestId?: string;
  /** For VALIDATION_ERROR, one entry per offending field. */
  details?: ValidationIssue[];
}

/** @example {"status":"ok","uptime":3600,"db":"connected"} */
export interface Health {
  status: "ok";
  /**
   * Seconds since this server process started.
   * @min 0
   */
  uptime: number;
  db: "connected";
}

/** One row of an import. In CSV, `tags` are separated by `;` and `dealValue` is a number. */
export interface ImportLeadRow {
  /** @maxLength 100 */
  firstName?: string;
  /** @maxLength 100 */
  lastName?: string;
  /**
   * @minLength 1
   * @maxLength 32
   */
  phone: string;
  /**
   * @format email
   * @maxLength 320
   */
  email?: string;
  /** @maxLength 100 */
  source?: string;
  /**
   * @min 0
   * @max 999999999999
   */
  dealValue?: number;
  /** @maxLength 200 */
  dealTitle?: string;
  /** @maxLength 100 */
  assignedTo?: string;
  /** @maxItems 50 */
  tags?: string[];
}

/** Fields every paginated answer carries next to `data`. */
export interface Pagination {
  /**
   * @min 0
   * @example 250
   */
  total: number;
  /**
   * @min 1
   * @example 1
   */
  page: number;
  /**
   * @min 1
   * @example 25
   */
  limit: number;
  /**
   * @min 0
   * @example 10
   */
  totalPages: number;
}

/** @example {"emoji":"👍"} */
export interface ReactionRequest {
  /**
   * One emoji grapheme — a skin tone, a ZWJ sequence ("👨‍👩‍👧") or a flag is one — or the empty string, which removes our reaction. Anything else ("👍👍", "a") is refused with 400 naming `body.emoji`.
   * @maxLength 32
   */
  emoji: string;
}

/**
 * The body of a `workflow.completed` callback: what one trigger did, posted to its `callbackUrl`
 * once its event log is finished. The same bytes on every retry (`EventCallback.body`).
 * @example {"id":"3f0c8a52-2b7e-4f39-9d6e-0c1a9b7e5d21","type":"workflow.completed","trigger":"appointment_confirmed","eventLogId":"6650a1b2c3d4e5f601234567","leadId":"6650a1b2c3d4e5f601234568","status":"completed","meetLink":"https://meet.google.com/abc-defg-hij","meetWarning":null,"actions":[{"ruleId":"6650a1b2c3d4e5f601234569","ruleName":"Appointment Confirmed WA","type":"send_whatsapp","status":"ok","reason":null,"result":{"messageId":"wamid.HBgMOTE5ODc2NTQzMjEw"}}],"metadata":{"appointmentId":"6abc123"},"timestamp":"2026-03-01T10:00:05.000Z"}
 */
export interface WorkflowCompletedCallback {
  /** The delivery id, also sent as `webhook-id`; the same on every retry (deduplicate by it). */
  id: string;
  type: "workflow.completed";
  trigger: string;
  /** `GET /api/saas/events/{eventLogId}` has the full trace. */
  eventLogId: string;
  leadId: string | null;
  /** The event log's final status (see `EventLogStatus`). */
  status: "completed" | "partial" | "failed";
  meetLink: string | null;
  /** Why no Meet link was made when `requiresMeet` asked for one. */
  meetWarning: string | null;
  /** Every action of every matched rule, in the order they ran. */
  actions: WorkflowCompletedCallbackAction[];
  /** The trigger's `callbackMetadata` (`{}` when it had none). */
  metadata: Record<string, any>;
  /**
   * When the event log finished.
   * @format date-time
   */
  timestamp: string;
}

/** @example {"gracePeriodSeconds":3600} */
export interface RotateApiKeyRequest {
  /**
   * How long the keys being replaced keep working (0 revokes them at once; at most 7 days).
   * @min 0
   * @max 604800
   * @default 0
   */
  gracePeriodSeconds?: number;
}

/** @example {"clientCode":"nirvisham","apiKey":"ecx_Hk2m9Yl0v8mX1m0bq7VvZpWf6hQ4cB2nR5tJ8kL1sZ9","previousKeysExpireAt":"2026-03-01T11:00:00.000Z"} */
export interface RotatedApiKey {
  /** Tenant identifier; lowercase letters, digits and underscores, starting with a letter. */
  clientCode: ClientCode;
  /** The new key, shown only in this answer. */
  apiKey: string;
  /**
   * When the replaced keys stop working.
   * @format date-time
   */
  previousKeysExpireAt: string;
}

/**
 * Which secrets are set (true) or not (false). Values are never shown. `googleRefreshToken` is
 * stored by the Google OAuth callback (`GET /api/auth/google/connect`), never by the secrets route.
 */
export interface SecretsStatus {
  whatsappToken: boolean;
  whatsappBusinessId: boolean;
  whatsappPhoneNumberId: boolean;
  whatsappWebhookToken: boolean;
  whatsappAppSecret: boolean;
  whatsappMessagesPerSecond: boolean;
  smtpHost: boolean;
  smtpPort: boolean;
  smtpUser: boolean;
  smtpPass: boolean;
  smtpFrom: boolean;
  automationWebhookSecret: boolean;
  googleRefreshToken: boolean;
}

/**
 * Secrets to store, encrypted with AES-256-GCM. Only the names present are changed;
 * `null` removes a secret. Values are never returned.
 * @example {"whatsappToken":"EAAG...","whatsappBusinessId":"102938475610293","whatsappPhoneNumberId":"109876543210987","smtpHost":"smtp.example.com","smtpPort":587,"smtpUser":"mailer@example.com","smtpPass":"app-password","smtpFrom":"Nirvisham <mailer@example.com>"}
 */
export interface SecretsUpdate {
  /**
   * @minLength 1
   * @maxLength 4096
   */
  whatsappToken?: string | null;
  /**
   * @minLength 1
   * @maxLength 64
   */
  whatsappBusinessId?: string | null;
  /**
   * @minLength 1
   * @maxLength 64
   */
  whatsappPhoneNumberId?: string | null;
  /**
   * The verify token Meta's webhook handshake (`GET /api/webhooks/whatsapp`) must present.
   * @minLength 1
   * @maxLength 256
   */
  whatsappWebhookToken?: string | null;
  /**
   * The Meta app's secret, which signs webhook deliveries (`X-Hub-Signature-256`); else the platform's `WHATSAPP_APP_SECRET`.
   * @minLength 1
   * @maxLength 256
   */
  whatsappAppSecret?: string | null;
  /**
   * How many messages a second the tenant's number may send (Meta's throughput for the number; 80 when not set).
   * @min 1
   * @max 1000
   */
  whatsappMessagesPerSecond?: number | null;
  /**
   * @minLength 1
   * @maxLength 255
   */
  smtpHost?: string | null;
  /**
   * @min 1
   * @max 65535
   */
  smtpPort?: number | null;
  /**
   * @minLength 1
   * @maxLength 255
   */
  smtpUser?: string | null;
  /**
   * @minLength 1
   * @maxLength 1024
   */
  smtpPass?: string | null;
  /**
   * @minLength 3
   * @maxLength 320
   */
  smtpFrom?: string | null;
  /**
   * `whsec_` and base64 of a 24- to 96-byte key (Standard Webhooks form, what onboarding gives), or 32 to 128 hexadecimal characters (the older form, whose own UTF-8 bytes are the Standard Webhooks key).
   * @pattern ^(?:whsec_(?:[A-Za-z0-9+/]{4}){8,32}(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?|[0-9a-fA-F]{32,128})$
   */
  automationWebhookSecret?: string | null;
}

/** Fields every successful answer carries; `data` is defined per operation. */
export interface SuccessEnvelope {
  success: true;
  /** Optional human-readable note. */
  message?: string;
}

/** A file kept in media storage. `mimeType` is read from the file's bytes, not from its name or declared type. Images (JPEG, PNG, WebP) are re-encoded without their metadata (EXIF with GPS, XMP, IPTC, ICC) and with their EXIF orientation applied, so `size`, `width` and `height` are those of the stored image. */
export interface UploadedMedia {
  /**
   * Where the file is served: `GET /api/saas/chat/media/{clientCode}/{fileName}` on this server (public, an unguessable name), or the bucket's `S3_PUBLIC_URL`. Send it as `mediaUrl` with `POST /api/saas/chat/send`.
   * @format uri
   * @example "http://localhost:3000/api/saas/chat/media/nirvisham/q1w2e3r4t5y6u7i8o9p0aA.jpg"
   */
  url: string;
  /** @example "image/jpeg" */
  mimeType:
    | "image/jpeg"
    | "image/png"
    | "image/webp"
    | "video/mp4"
    | "video/3gpp"
    | "audio/aac"
    | "audio/amr"
    | "audio/mpeg"
    | "audio/mp4"
    | "audio/ogg"
    | "application/pdf"
    | "application/msword"
    | "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    | "application/vnd.ms-excel"
    | "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    | "application/vnd.ms-powerpoint"
    | "application/vnd.openxmlformats-officedocument.presentationml.presentation"
    | "text/plain";
  /**
   * Bytes stored.
   * @min 0
   * @example 48213
   */
  size: number;
  /**
   * Pixels, images only (after orientation).
   * @min 1
   * @example 1080
   */
  width?: number;
  /**
   * Pixels, images only (after orientation; one frame of an animated sticker).
   * @min 1
   * @example 1350
   */
  height?: number;
}

export interface ValidationIssue {
  /**
   * Where the problem is, e.g. `body.clientCode` or `query.limit`.
   * @example "body.name"
   */
  path: string;
  /** @example "Required" */
  message: string;
}

/** A message of a conversation, received from the contact (`inbound`) or sent to them (`outbound`). */
export interface WhatsappMessage {
  id: string;
  conversationId: string;
  /** Meta's message id; an outbound message gets it when Graph accepts it. */
  wamid: string | null;
  direction: WhatsappMessageDirection;
  /** Meta's message types. `interactive` is a contact's reply to reply-buttons or a list, `button` a tap on a template's quick-reply button. A type this inbox does not know is kept as `unsupported`, with Meta's whole message in `content`. */
  type: WhatsappMessageType;
  /** An inbound message is `received`. An outbound one is `queued` until Graph accepts it (`sent`), then moves forward only (`delivered`, `read`) as Meta's statuses arrive — a late `delivered` never overwrites `read` — or ends `failed` with Meta's error code and title. */
  status: WhatsappMessageStatus;
  /** The text, a media caption, or the title of the button or list row a contact chose. */
  text: string | null;
  /** The type's own fields as Meta names them: the `location`, `contacts`, `interactive`, `button` or media object of an inbound message, the template and its parameters of an outbound one; for `unsupported`, Meta's whole message. */
  content: Record<string, any>;
  media: WhatsappMedia | null;
  /** The message this one answers (Meta's `context`); `id` is null when that message is not in the inbox. */
  replyTo: {
    id: string | null;
    wamid: string | null;
  } | null;
  /** Our reaction to this message (an emoji). */
  reaction: string | null;
  /** The contact's reaction to this message (an emoji). */
  contactReaction: string | null;
  starred: boolean;
  /** Meta's error when the message failed (e.g. `131026` Message undeliverable). */
  error: {
    code: number | null;
    title: string | null;
  } | null;
  /** The automation event whose `send_whatsapp` action sent this message. */
  eventLogId: string | null;
  /** @format date-time */
  sentAt: string | null;
  /** @format date-time */
  deliveredAt: string | null;
  /** @format date-time */
  readAt: string | null;
  /** @format date-time */
  failedAt: string | null;
  /**
   * Meta's timestamp for an inbound message; when it was queued for an outbound one.
   * @format date-time
   */
  createdAt: string;
  /** @format date-time */
  updatedAt: string;
}

export type WhatsappMessageEnvelope = SuccessEnvelope & {
  /** A message of a conversation, received from the contact (`inbound`) or sent to them (`outbound`). */
  data: WhatsappMessage;
};

/**
 * An ISO 3166-1 alpha-2 country code, upper case: the country a tenant's phone numbers written
 * without a country code are read in (`09876543210` in `IN` is `+919876543210`, `020 7946 0018` in
 * `GB` is `+442079460018`). A code with no numbering plan known to libphonenumber answers 400.
 * @pattern ^[A-Z]{2}$
 * @example "IN"
 */
export type CountryCode = string;

/** @example {"defaultCountry":"GB"} */
export interface UpdateClientRequest {
  /**
   * @minLength 1
   * @maxLength 120
   */
  name?: string;
  /**
   * An ISO 3166-1 alpha-2 country code, upper case: the country a tenant's phone numbers written
   * without a country code are read in (`09876543210` in `IN` is `+919876543210`, `020 7946 0018` in
   * `GB` is `+442079460018`). A code with no numbering plan known to libphonenumber answers 400.
   */
  defaultCountry?: CountryCode;
}

/**
 * A link that connects a client's Google Calendar, to open once in a browser.
 * @example {"url":"http://localhost:3000/api/auth/google/connect?clientCode=nirvisham&token=q3ZC9m1yVt0hG8sKx2LrW5bN7pE4jA6dF0cU1iO9zYk","expiresAt":"2026-03-01T10:10:00.000Z"}
 */
export interface GoogleConnectLink {
  /**
   * `GET /api/auth/google/connect` with the client's code and a one-time token. It works once,
   * until `expiresAt`, and only for this client. Shown only in this answer.
   * @format uri
   */
  url: string;
  /**
   * When the link stops working if nobody opened it (10 minutes after it was issued).
   * @format date-time
   */
  expiresAt: string;
}

export interface Lead {
  id: string;
  firstName: string | null;
  lastName: string | null;
  /** E.164 (`+919876543210`), so `09876543210`, `919876543210` and `+91 98765 43210` are one person. */
  phone: string | null;
  email: string | null;
  source: string | null;
  status: LeadStatus;
  pipelineId: string;
  stageId: string;
  /** Present when a single lead is read. */
  pipeline?: {
    id: string;
    name: string;
  };
  /** Present when a single lead is read. */
  stage?: {
    id: string;
    name: string;
    color: string;
    probability: number;
    isWon: boolean;
    isLost: boolean;
  };
  assignedTo: string | null;
  tags: string[];
  /**
   * @min 0
   * @max 100
   */
  score: number;
  dealValue: number | null;
  dealTitle: string | null;
  metadata: {
    refs: Record<string, string>;
    extra: Record<string, any>;
  };
  closeReason: string | null;
  /** @format date-time */
  closedAt: string | null;
  /** @format date-time */
  lastContactedAt: string | null;
  /** @format date-time */
  createdAt: string;
  /** @format date-time */
  updatedAt: string;
}

/** Free-form cross references (`refs`, string ids from your systems) and extra fields. */
export interface LeadMetadata {
  /** @example {"appointmentId":"6789aaa","bookingId":"6789bbb"} */
  refs?: Record<string, string>;
  /** @example {"appointmentDate":"2026-03-01","plan":"Premium"} */
  extra?: Record<string, any>;
}

/**
 * A lead needs at least a phone or an email. Without `pipelineId`/`stageId` it joins the default pipeline's first stage.
 * @example {"firstName":"Suresh","lastName":"Rao","phone":"+919876543210","email":"suresh@example.com","source":"website","dealValue":120000,"dealTitle":"OPD Automation Package","metadata":{"refs":{"appointmentId":"6789aaa","bookingId":"6789bbb"},"extra":{"appointmentDate":"2026-03-01","plan":"Premium"}}}
 */
export interface CreateLeadRequest {
  /**
   * @minLength 1
   * @maxLength 100
   */
  firstName?: string;
  /** @maxLength 100 */
  lastName?: string;
  /**
   * Any common notation, stored as E.164: with a country code (`+91 98765-43210`, `0091 98765 43210`,
   * `919876543210`) or without, read in the tenant's `defaultCountry` (`09876543210` or `9876543210`
   * in `IN` is `+919876543210`). A number of no possible length for its country, or with an
   * extension, answers 400 `VALIDATION_ERROR`.
   * @maxLength 32
   */
  phone?: string;
  /**
   * @format email
   * @maxLength 320
   */
  email?: string;
  /** @maxLength 100 */
  source?: string;
  /**
   * @min 0
   * @max 999999999999
   */
  dealValue?: number;
  /** @maxLength 200 */
  dealTitle?: string;
  /**
   * An unknown or another tenant's pipeline answers 404 PIPELINE_NOT_FOUND.
   * @maxLength 64
   */
  pipelineId?: string;
  /**
   * An unknown or another tenant's stage answers 404 STAGE_NOT_FOUND.
   * @maxLength 64
   */
  stageId?: string;
  /** @maxLength 100 */
  assignedTo?: string;
  /** @maxItems 50 */
  tags?: string[];
  /** Free-form cross references (`refs`, string ids from your systems) and extra fields. */
  metadata?: LeadMetadata;
}

export type LeadEnvelope = SuccessEnvelope & {
  data: Lead;
};

/** @example {"created":2,"updated":1,"errors":[{"row":4,"path":"phone","message":"Expected one phone number of a possible length, without an extension; without a country code it is read as IN"}]} */
export interface ImportLeadsResult {
  /** @min 0 */
  created: number;
  /** @min 0 */
  updated: number;
  /** Rows that were not imported (1-based row numbers; in CSV the header is row 0). */
  errors: {
    row: number;
    path: string;
    message: string;
  }[];
}

/**
 * Core fields to change; `null` clears an optional one. Tags, stage and status have their own
 * operations (`/tags`, `/move`, `/convert`, `/archive`) so each change is recorded as what it is.
 * @example {"dealValue":150000,"assignedTo":"priya"}
 */
export interface UpdateLeadRequest {
  /**
   * @minLength 1
   * @maxLength 100
   */
  firstName?: string | null;
  /** @maxLength 100 */
  lastName?: string | null;
  /** @maxLength 32 */
  phone?: string | null;
  /**
   * @format email
   * @maxLength 320
   */
  email?: string | null;
  /** @maxLength 100 */
  source?: string | null;
  /**
   * @min 0
   * @max 999999999999
   */
  dealValue?: number | null;
  /** @maxLength 200 */
  dealTitle?: string | null;
  /** @maxLength 100 */
  assignedTo?: string | null;
}

/**
 * Tags to add and to remove, applied together in one atomic change.
 * @example {"add":["hot","vip"],"remove":["cold"]}
 */
export interface LeadTagsRequest {
  /** @maxItems 50 */
  add?: string[];
  /** @maxItems 50 */
  remove?: string[];
}

/** @example {"stageId":"3f0b6f5e-7a59-4c31-9a53-0c4a1b2d3e4f"} */
export interface MoveLeadRequest {
  /**
   * A stage of the lead's pipeline; an unknown or another tenant's stage answers 404 STAGE_NOT_FOUND.
   * @maxLength 64
   */
  stageId: string;
}

/** @example {"refs":{"appointmentId":"new-id"},"extra":{"plan":"Enterprise"}} */
export interface LeadMetadataUpdate {
  refs?: Record<string, string | null>;
  extra?: Record<string, any>;
}

/** @example {"status":"won","reason":"Signed contract"} */
export interface ConvertLeadRequest {
  status: "won" | "lost";
  /** @maxLength 500 */
  reason?: string;
}

/** An entry of a lead's history: logged by hand (meeting, email, call…) or written by the system (lead_created, stage_moved, tag_added…). */
export interface Activity {
  id: string;
  leadId: string;
  /** A manual type (see `ActivityType`) or a system one such as `lead_created`, `stage_moved`, `tag_added`, `field_updated`, `status_changed`, `duplicate_archived`, `note_added`, `note_edited`, `note_deleted`. */
  type: string;
  title: string;
  body: string | null;
  performedBy: string | null;
  /** Type-specific details; a call carries `{durationMinutes, outcome}`, a note change `{noteId}`. */
  data: Record<string, any>;
  /** @format date-time */
  createdAt: string;
}

export interface Note {
  id: string;
  leadId: string;
  content: string;
  createdBy: string | null;
  isPinned: boolean;
  /** @format date-time */
  createdAt: string;
  /** @format date-time */
  updatedAt: string;
}

/** An activity or a note, told apart by `kind`. */
export type TimelineItem =
  | ({
      kind: "activity";
    } & Activity)
  | ({
      kind: "note";
    } & Note);

/** @example {"type":"meeting","title":"Demo call with Dr. Sharma","body":"Discussed the appointment automation workflow.","performedBy":"sales_team"} */
export interface CreateActivityRequest {
  /** The kinds of activity that can be logged by hand. */
  type: ActivityType;
  /**
   * @minLength 1
   * @maxLength 200
   */
  title: string;
  /** @maxLength 10000 */
  body?: string;
  /** @maxLength 100 */
  performedBy?: string;
}

export type ActivityEnvelope = SuccessEnvelope & {
  /** An entry of a lead's history: logged by hand (meeting, email, call…) or written by the system (lead_created, stage_moved, tag_added…). */
  data: Activity;
};

/** @example {"durationMinutes":12,"summary":"Explained pricing","outcome":"interested"} */
export interface LogCallRequest {
  /**
   * @min 0
   * @max 1440
   */
  durationMinutes: number;
  /** @maxLength 10000 */
  summary?: string;
  outcome:
    | "interested"
    | "not_interested"
    | "no_answer"
    | "callback"
    | "voicemail"
    | "other";
  /** @maxLength 100 */
  performedBy?: string;
}

/**
 * The note's text; not blank.
 * @minLength 1
 * @maxLength 10000
 * @pattern \S
 */
export type NoteContent = string;

/** @example {"content":"Patient prefers evening slots.","createdBy":"Dr. Sharma"} */
export interface CreateNoteRequest {
  /** The note's text; not blank. */
  content: NoteContent;
  /** @maxLength 100 */
  createdBy?: string;
}

export type NoteEnvelope = SuccessEnvelope & {
  data: Note;
};

/** @example {"content":"Patient prefers evening slots after 6 pm."} */
export interface UpdateNoteRequest {
  /** The note's text; not blank. */
  content: NoteContent;
}

/**
 * A fraction from 0 to 1, rounded to 4 decimals; 0 when there is nothing to divide by.
 * @min 0
 * @max 1
 */
export type AnalyticsRate = number;

/**
 * KPIs over the non-archived leads created in the range. `pipelineValue` sums the open leads' deal
 * values, `wonValue` the won ones'. `conversionRate` is won / (won + lost). `avgScore` is rounded
 * to 2 decimals. `byStage` counts the open leads per stage of the default pipeline (every stage,
 * in board order; empty when the tenant has no pipeline).
 * @example {"range":"30d","totalLeads":120,"openLeads":80,"wonLeads":25,"lostLeads":15,"pipelineValue":1500000,"wonValue":640000,"conversionRate":0.625,"avgScore":42.5,"byStage":[{"stageId":"9a7d1c42-5e3b-4d8f-a6c0-1b2e3f4a5d6c","name":"New","count":30}]}
 */
export interface AnalyticsOverview {
  range: AnalyticsRange;
  totalLeads: number;
  openLeads: number;
  wonLeads: number;
  lostLeads: number;
  pipelineValue: number;
  wonValue: number;
  /** A fraction from 0 to 1, rounded to 4 decimals; 0 when there is nothing to divide by. */
  conversionRate: AnalyticsRate;
  avgScore: number;
  byStage: {
    stageId: string;
    name: string;
    count: number;
  }[];
}

/**
 * A cumulative "reached" funnel over the pipeline's stages that are not lost stages, in board order.
 * A stage's `count` is the number of non-archived leads created in the range whose current stage is
 * that stage or a later (non-lost) one, so counts never grow down the funnel; leads sitting in a
 * lost stage are not counted. `conversionFromPrevious` is count / the previous stage's count (1 for
 * the first stage with leads), `conversionFromFirst` count / the first stage's count.
 * @example {"pipelineId":"3f0e4a8c-2b1d-4c6e-9a7f-5d8b0c1e2f3a","stages":[{"stageId":"9a7d1c42-5e3b-4d8f-a6c0-1b2e3f4a5d6c","name":"New","order":0,"count":100,"conversionFromPrevious":1,"conversionFromFirst":1},{"stageId":"1b2c3d4e-5f6a-4b7c-8d9e-0f1a2b3c4d5e","name":"Contacted","order":1,"count":60,"conversionFromPrevious":0.6,"conversionFromFirst":0.6}]}
 */
export interface AnalyticsFunnel {
  /** The pipeline reported on; null when the tenant has no pipeline. */
  pipelineId: string | null;
  stages: {
    stageId: string;
    name: string;
    order: number;
    count: number;
    /** A fraction from 0 to 1, rounded to 4 decimals; 0 when there is nothing to divide by. */
    conversionFromPrevious: AnalyticsRate;
    /** A fraction from 0 to 1, rounded to 4 decimals; 0 when there is nothing to divide by. */
    conversionFromFirst: AnalyticsRate;
  }[];
}

/**
 * Chance, in percent, that a lead in this stage is won.
 * @min 0
 * @max 100
 * @example 40
 */
export type StageProbability = number;

/**
 * Open leads' deal value per stage weighted by the stage's probability.
 * `grandTotal` is the sum of `expectedRevenue`, `totalPipeline` the sum of `totalValue`.
 * @example {"rows":[{"stageId":"9a7d1c42-5e3b-4d8f-a6c0-1b2e3f4a5d6c","stageName":"Proposal","probability":60,"totalValue":500000,"expectedRevenue":300000}],"grandTotal":850000,"totalPipeline":1500000}
 */
export interface PipelineForecast {
  rows: {
    stageId: string;
    stageName: string;
    /** Chance, in percent, that a lead in this stage is won. */
    probability: StageProbability;
    totalValue: number;
    expectedRevenue: number;
  }[];
  grandTotal: number;
  totalPipeline: number;
}

/**
 * Non-archived leads created in the range grouped by `source` (`(none)` when unset), most leads
 * first. `conversionRate` is won / (won + lost); `value` sums the deal values of all the source's leads.
 * @example [{"source":"website","total":40,"won":8,"lost":2,"conversionRate":0.8,"value":480000}]
 */
export type AnalyticsSources = {
  source: string;
  total: number;
  won: number;
  lost: number;
  /** A fraction from 0 to 1, rounded to 4 decimals; 0 when there is nothing to divide by. */
  conversionRate: AnalyticsRate;
  value: number;
}[];

/**
 * One row per `assignedTo` of the non-archived leads created in the range: how many leads, how many
 * won, `revenue` (the won leads' deal value) and `activities` (activities performed by that person
 * in the range). Highest revenue first.
 * @example [{"assignedTo":"priya","leads":25,"won":6,"revenue":310000,"activities":140}]
 */
export type AnalyticsTeam = {
  assignedTo: string;
  leads: number;
  won: number;
  revenue: number;
  activities: number;
}[];

/**
 * Activities per UTC day, oldest first, one row for every day of the range ending today (days
 * without activity have count 0).
 * @example [{"date":"2026-03-01","count":12},{"date":"2026-03-02","count":0}]
 */
export type AnalyticsHeatmap = {
  /** @format date */
  date: string;
  count: number;
}[];

/**
 * Non-archived leads created in the range per score bucket: 0-19, 20-39, 40-59, 60-79 and 80-100
 * (all five, empty ones with count 0).
 * @example [{"bucket":"0-20","min":0,"max":19,"count":14}]
 */
export type AnalyticsScores = {
  bucket: "0-20" | "20-40" | "40-60" | "60-80" | "80-100";
  min: number;
  max: number;
  count: number;
}[];

/**
 * Average hours leads spent in each stage of the pipeline (every stage, board order), from the
 * stage-move history of the non-archived leads created in the range. A stay starts when the lead
 * entered the stage (its previous move, or its creation for the first stage) and ends at the move out
 * of it; only completed stays count (`samples`), and a stage without any has `avgHours` 0.
 * @example {"pipelineId":"3f0e4a8c-2b1d-4c6e-9a7f-5d8b0c1e2f3a","stages":[{"stageId":"9a7d1c42-5e3b-4d8f-a6c0-1b2e3f4a5d6c","name":"New","avgHours":30.5,"samples":12}]}
 */
export interface AnalyticsStageTime {
  /** The pipeline reported on; null when the tenant has no pipeline. */
  pipelineId: string | null;
  stages: {
    stageId: string;
    name: string;
    /** Rounded to 2 decimals. */
    avgHours: number;
    samples: number;
  }[];
}

export interface ScoringRule {
  /**
   * A core lead field (`source`, `dealValue`, `tags`, `email`…) or `metadata.extra.<key>` / `metadata.refs.<key>`.
   * @pattern ^(firstName|lastName|phone|email|source|status|assignedTo|tags|dealValue|dealTitle|metadata\.(extra|refs)\.[A-Za-z0-9_]{1,64})$
   */
  field: string;
  /**
   * `eq`/`neq` compare values (numbers numerically); `gt`/`gte`/`lt`/`lte` compare numbers;
   * `contains` finds text in a string (case-insensitive) or an item in a list (tags); `in` is true when
   * the field's value is one of `value` (a list); `exists` is true when the field has a value (with
   * `value: false`, when it has none).
   */
  operator: ConditionOperator;
  /** What to compare with (a list for `in`; a boolean or nothing for `exists`). */
  value?: any;
  /**
   * Points added when the rule matches (negative to subtract).
   * @min -100
   * @max 100
   */
  score: number;
}

/** @example {"hotThreshold":70,"coldThreshold":20,"rules":[{"field":"source","operator":"eq","value":"referral","score":20},{"field":"dealValue","operator":"gt","value":50000,"score":15}],"recalculateOnTriggers":["appointment_confirmed","payment_captured"]} */
export interface ScoringConfig {
  /**
   * @min 0
   * @max 100
   */
  hotThreshold: number;
  /**
   * @min 0
   * @max 100
   */
  coldThreshold: number;
  rules: ScoringRule[];
  recalculateOnTriggers: string[];
}

export type ScoringConfigEnvelope = SuccessEnvelope & {
  data: ScoringConfig;
};

/**
 * Fields given replace the current ones; `coldThreshold` must stay below `hotThreshold`.
 * @example {"hotThreshold":70,"coldThreshold":20,"rules":[{"field":"source","operator":"eq","value":"referral","score":20},{"field":"dealValue","operator":"gt","value":50000,"score":15}],"recalculateOnTriggers":["appointment_confirmed","payment_captured"]}
 */
export interface UpdateScoringRequest {
  /**
   * @min 0
   * @max 100
   */
  hotThreshold?: number;
  /**
   * @min 0
   * @max 100
   */
  coldThreshold?: number;
  /** @maxItems 100 */
  rules?: ScoringRule[];
  /** @maxItems 50 */
  recalculateOnTriggers?: string[];
}

/**
 * A hex colour, `#rrggbb`.
 * @pattern ^#[0-9a-fA-F]{6}$
 * @example "#6366f1"
 */
export type StageColor = string;

/** @example {"id":"9a7d1c42-5e3b-4d8f-a6c0-1b2e3f4a5d6c","pipelineId":"3f0c6a2e-8a4b-4f5e-9b1d-2c7e5a9d4b10","name":"Inquiry","color":"#6366f1","probability":10,"order":0,"isWon":false,"isLost":false} */
export interface Stage {
  id: string;
  pipelineId: string;
  name: string;
  /** A hex colour, `#rrggbb`. */
  color: StageColor;
  /** Chance, in percent, that a lead in this stage is won. */
  probability: StageProbability;
  /**
   * Position on the board, from 0 (left).
   * @min 0
   */
  order: number;
  /** Leads reaching this stage are won. */
  isWon: boolean;
  /** Leads reaching this stage are lost. */
  isLost: boolean;
}

export interface Pipeline {
  id: string;
  name: string;
  description: string | null;
  /** The built-in template it was created from; `null` for custom stages. */
  template: PipelineTemplate | null;
  /** New leads without a pipeline go here. Exactly one pipeline per tenant is the default. */
  isDefault: boolean;
  isArchived: boolean;
  /** @format date-time */
  createdAt: string;
  /** @format date-time */
  updatedAt: string;
  /** Ordered by `order`. */
  stages: Stage[];
}

/**
 * A new stage. At most one of `isWon` and `isLost` may be true.
 * @example {"name":"Under Review","color":"#f59e0b","probability":40}
 */
export interface StageInput {
  /**
   * @minLength 1
   * @maxLength 120
   */
  name: string;
  /** A hex colour, `#rrggbb`. */
  color?: StageColor;
  /** Chance, in percent, that a lead in this stage is won. */
  probability?: StageProbability;
  /** Leads reaching this stage are won (false when left out). */
  isWon?: boolean;
  /** Leads reaching this stage are lost (false when left out). */
  isLost?: boolean;
}

/**
 * Give `template` or `stages`, not both; with neither the pipeline gets the `sales` template's
 * stages. The tenant's first pipeline becomes the default whatever `isDefault` says.
 * @example {"name":"Patient Journey","isDefault":true,"template":"appointment"}
 */
export interface CreatePipelineRequest {
  /**
   * @minLength 1
   * @maxLength 120
   */
  name: string;
  /** @maxLength 1000 */
  description?: string;
  /** Make it the default pipeline (the previous default stops being one); false when left out. */
  isDefault?: boolean;
  /** A built-in pipeline with ready-made stages. */
  template?: PipelineTemplate;
  /**
   * @maxItems 50
   * @minItems 1
   */
  stages?: StageInput[];
}

export type PipelineEnvelope = SuccessEnvelope & {
  data: Pipeline;
};

/** @example {"name":"Patient Journey 2026","description":"From first inquiry to consultation."} */
export interface UpdatePipelineRequest {
  /**
   * @minLength 1
   * @maxLength 120
   */
  name?: string;
  /** @maxLength 1000 */
  description?: string | null;
}

/** @example {"name":"Copy of Patient Journey"} */
export interface DuplicatePipelineRequest {
  /**
   * The copy's name; `Copy of <name>` when left out.
   * @minLength 1
   * @maxLength 120
   */
  name?: string;
}

export type StageEnvelope = SuccessEnvelope & {
  data: Stage;
};

/**
 * The board's new column order after a drag-and-drop: every stage of the pipeline exactly once.
 * Stages are laid out by ascending `newOrder`; the values need only be distinct.
 * @example {"order":[{"stageId":"9a7d1c42-5e3b-4d8f-a6c0-1b2e3f4a5d6c","newOrder":0},{"stageId":"0b8e2d53-6f4c-4e9a-b7d1-2c3f4a5b6e7d","newOrder":1}]}
 */
export interface ReorderStagesRequest {
  /**
   * @maxItems 50
   * @minItems 1
   */
  order: {
    /**
     * @minLength 1
     * @maxLength 64
     */
    stageId: string;
    /** @min 0 */
    newOrder: number;
  }[];
}

/** @example {"moveLeadsToStageId":"0b8e2d53-6f4c-4e9a-b7d1-2c3f4a5b6e7d"} */
export interface DeleteStageRequest {
  /**
   * Another stage of the same pipeline that receives the stage's leads first.
   * @minLength 1
   * @maxLength 64
   */
  moveLeadsToStageId?: string;
}

/**
 * The fields to change. The stage may not end up both won and lost: to turn a lost stage into a
 * won one send `{"isWon": true, "isLost": false}`.
 * @example {"name":"Proposal Sent","probability":65}
 */
export interface StageUpdate {
  /**
   * @minLength 1
   * @maxLength 120
   */
  name?: string;
  /** A hex colour, `#rrggbb`. */
  color?: StageColor;
  /** Chance, in percent, that a lead in this stage is won. */
  probability?: StageProbability;
  isWon?: boolean;
  isLost?: boolean;
}

/**
 * Each stage with its open leads' count and summed deal value.
 * @example {"pipelineId":"3f0c6a2e-8a4b-4f5e-9b1d-2c7e5a9d4b10","stages":[{"stageId":"9a7d1c42-5e3b-4d8f-a6c0-1b2e3f4a5d6c","name":"Proposal","color":"#f59e0b","probability":60,"order":3,"leadCount":4,"totalValue":500000}]}
 */
export interface PipelineBoard {
  pipelineId: string;
  stages: {
    stageId: string;
    name: string;
    /** A hex colour, `#rrggbb`. */
    color: StageColor;
    /** Chance, in percent, that a lead in this stage is won. */
    probability: StageProbability;
    order: number;
    /** @min 0 */
    leadCount: number;
    /** Sum of the open leads' deal values (leads without one count 0). */
    totalValue: number;
  }[];
}

/**
 * Any trigger name (lower case, digits, `_ . : -`). Built-in client triggers: `appointment_confirmed`,
 * `appointment_cancelled`, `appointment_reminder`, `form_submitted`, `payment_captured`,
 * `product_purchased`, `service_enrolled`, `deal_won`, `deal_lost`. System triggers fired by the CRM:
 * `lead_created`, `stage_enter`, `stage_exit`, `score_above`, `score_below`, `tag_added`, `tag_removed`,
 * `no_contact`. Fired by the WhatsApp inbox: `message_received`, once per message a contact sends (on
 * the conversation's lead, created with source `whatsapp` when the phone had none), with variables
 * `text` (the text, caption or chosen button's title; empty for media without a caption), `type`,
 * `phone`, `conversationId` and `messageId`.
 * @pattern ^[a-z][a-z0-9_.:-]{0,63}$
 */
export type TriggerName = string;

/**
 * Minutes to wait before running (0 = now; at most 30 days).
 * @min 0
 * @max 43200
 * @default 0
 */
export type DelayMinutes = number;

export interface TriggerRequest {
  /**
   * Any trigger name (lower case, digits, `_ . : -`). Built-in client triggers: `appointment_confirmed`,
   * `appointment_cancelled`, `appointment_reminder`, `form_submitted`, `payment_captured`,
   * `product_purchased`, `service_enrolled`, `deal_won`, `deal_lost`. System triggers fired by the CRM:
   * `lead_created`, `stage_enter`, `stage_exit`, `score_above`, `score_below`, `tag_added`, `tag_removed`,
   * `no_contact`. Fired by the WhatsApp inbox: `message_received`, once per message a contact sends (on
   * the conversation's lead, created with source `whatsapp` when the phone had none), with variables
   * `text` (the text, caption or chosen button's title; empty for media without a caption), `type`,
   * `phone`, `conversationId` and `messageId`.
   */
  trigger: TriggerName;
  /**
   * The lead's phone, read as a lead's is (E.164; without a country code, in the tenant's `defaultCountry`). Finds the lead, or creates it with `createLeadIfMissing`.
   * @minLength 6
   * @maxLength 20
   */
  phone?: string;
  /** @format email */
  email?: string;
  /** Values for templates and emails (`{{name}}`), also readable by conditions as `event.variables.*`. */
  variables?: Record<string, any>;
  /** Free-form event data, readable by conditions as `event.data.*`. */
  data?: Record<string, any>;
  /** @default false */
  requiresMeet?: boolean;
  meetConfig?: {
    /** @maxLength 300 */
    title?: string;
    /** @format date-time */
    startTime: string;
    /**
     * @min 5
     * @max 1440
     * @default 30
     */
    durationMinutes?: number;
    /** @format email */
    attendeeEmail?: string;
  };
  /**
   * Where the signed outcome is POSTed. Private, loopback and link-local hosts are refused.
   * @format uri
   * @maxLength 2048
   * @pattern ^https?://
   */
  callbackUrl?: string;
  /** Echoed back as `metadata` in the callback. */
  callbackMetadata?: Record<string, any>;
  /** Minutes to wait before running (0 = now; at most 30 days). */
  delayMinutes?: DelayMinutes;
  /** @default false */
  createLeadIfMissing?: boolean;
  leadData?: {
    /** @maxLength 200 */
    firstName?: string;
    /** @maxLength 200 */
    lastName?: string;
    /** @format email */
    email?: string;
    /** @maxLength 100 */
    source?: string;
  };
}

export interface TriggerResult {
  eventLogId: string;
  trigger: string;
  leadId: string | null;
  meetLink: string | null;
  /** Why no Meet link was created when one was asked for. */
  meetWarning: string | null;
  /** @min 0 */
  rulesMatched: number;
  /** True when `delayMinutes` put the whole run off. */
  scheduled: boolean;
  /** The background job running the event (see `GET /api/saas/jobs/status/{jobId}`). */
  jobId: string | null;
}

export type TriggerResultEnvelope = SuccessEnvelope & {
  data: TriggerResult;
};

/**
 * Narrows a system trigger. Each key applies to its triggers only: `scoreThreshold` to `score_above`
 * (fires at or above it) and `score_below` (at or below it); `stageId` to `stage_enter` / `stage_exit`
 * (that stage only; it must be a stage of this tenant); `tag` to `tag_added` / `tag_removed` (that tag
 * only); `days` to `no_contact` (after that many days without activity, default 7). Any other trigger,
 * including client triggers, takes an empty `triggerConfig`. A key that does not apply to the rule's
 * trigger, or an unknown stage, answers 400 VALIDATION_ERROR naming the key.
 */
export interface AutomationTriggerConfig {
  /**
   * @min 0
   * @max 100
   */
  scoreThreshold?: number;
  /**
   * @minLength 1
   * @maxLength 64
   */
  stageId?: string;
  /**
   * @minLength 1
   * @maxLength 64
   */
  tag?: string;
  /**
   * @min 1
   * @max 365
   */
  days?: number;
}

/**
 * A test a rule's lead and event must pass. `field` is `lead.<field>` (or a bare core lead field such as
 * `source`), `metadata.refs.<key>` / `metadata.extra.<key>`, `event.variables.<key>` or `event.data.<key>` (dots reach
 * nested values). Only keys the data really has count: `event.variables.constructor` is absent unless the variables hold a
 * `constructor` key.
 */
export interface AutomationCondition {
  /** @pattern ^((lead\.)?(firstName|lastName|phone|email|source|status|assignedTo|tags|score|dealValue|dealTitle|pipelineId|stageId)|(lead\.)?metadata\.(refs|extra)\.[A-Za-z0-9_]{1,64}|event\.(variables|data)\.[A-Za-z0-9_.]{1,128})$ */
  field: string;
  /**
   * `eq`/`neq` compare values (numbers numerically); `gt`/`gte`/`lt`/`lte` compare numbers;
   * `contains` finds text in a string (case-insensitive) or an item in a list (tags); `in` is true when
   * the field's value is one of `value` (a list); `exists` is true when the field has a value (with
   * `value: false`, when it has none).
   */
  operator: ConditionOperator;
  /** What to compare with (a list for `in`; a boolean or nothing for `exists`). */
  value?: any;
}

/** Sends an approved WhatsApp template; its parameters come from the template's variable mapping or, without one, from the event's `variables` in order. The message is queued in the inbox's outbound queue (as `POST /api/saas/chat/send` queues one), in the phone's conversation, with the event's id as its `eventLogId`: the run is `ok` with `{messageId, conversationId, to, status: queued}` (and `simulated: true` for a `mock_` token), and Meta's verdict (`sent`, or `failed` with Meta's code) arrives on the message. */
export interface SendWhatsappAction {
  type: "send_whatsapp";
  /** Minutes to wait before running (0 = now; at most 30 days). */
  delayMinutes?: DelayMinutes;
  config: {
    /**
     * @minLength 1
     * @maxLength 512
     */
    templateName: string;
    /**
     * @default "en_US"
     * @pattern ^[a-z]{2,3}(_[A-Z]{2})?$
     */
    language?: string;
  };
}

/**
 * Sends an email through the tenant's SMTP server; `{{name}}` in `subject` and `htmlBody` is replaced (HTML-escaped in the body)
 * from the event's `variables`, then its `data`, then the lead. A lead is reached only through its documented fields: the core
 * fields of `GET /api/crm/fields`, `pipelineId`, `stageId` and `metadata.refs|extra.<key>`, with or without `lead.`
 * (`{{firstName}}`, `{{lead.metadata.extra.plan}}`). Dots reach nested values, and only keys the data really has count (a
 * name such as `constructor` or `toString` is a value only when the variables or metadata hold that key); anything else
 * becomes '' and is listed in the run's `missingVariables`.
 */
export interface SendEmailAction {
  type: "send_email";
  /** Minutes to wait before running (0 = now; at most 30 days). */
  delayMinutes?: DelayMinutes;
  config: {
    /**
     * @minLength 1
     * @maxLength 998
     */
    subject: string;
    /**
     * @minLength 1
     * @maxLength 200000
     */
    htmlBody: string;
    /**
     * Recipient; defaults to the lead's (or the event's) email.
     * @format email
     */
    to?: string;
  };
}

/** Moves the lead to a stage; `stageId` must be a stage of this tenant (400 VALIDATION_ERROR otherwise). */
export interface MoveStageAction {
  type: "move_stage";
  /** Minutes to wait before running (0 = now; at most 30 days). */
  delayMinutes?: DelayMinutes;
  config: {
    /**
     * @minLength 1
     * @maxLength 64
     */
    stageId: string;
  };
}

/** Assigns the lead to a team member. */
export interface AssignToAction {
  type: "assign_to";
  /** Minutes to wait before running (0 = now; at most 30 days). */
  delayMinutes?: DelayMinutes;
  config: {
    /**
     * @minLength 1
     * @maxLength 200
     */
    assignTo: string;
  };
}

/** Adds a tag to the lead. */
export interface AddTagAction {
  type: "add_tag";
  /** Minutes to wait before running (0 = now; at most 30 days). */
  delayMinutes?: DelayMinutes;
  config: {
    /**
     * @minLength 1
     * @maxLength 64
     */
    tag: string;
  };
}

/** Removes a tag from the lead. */
export interface RemoveTagAction {
  type: "remove_tag";
  /** Minutes to wait before running (0 = now; at most 30 days). */
  delayMinutes?: DelayMinutes;
  config: {
    /**
     * @minLength 1
     * @maxLength 64
     */
    tag: string;
  };
}

export interface AutomationRule {
  id: string;
  name: string;
  trigger: string;
  /**
   * Narrows a system trigger. Each key applies to its triggers only: `scoreThreshold` to `score_above`
   * (fires at or above it) and `score_below` (at or below it); `stageId` to `stage_enter` / `stage_exit`
   * (that stage only; it must be a stage of this tenant); `tag` to `tag_added` / `tag_removed` (that tag
   * only); `days` to `no_contact` (after that many days without activity, default 7). Any other trigger,
   * including client triggers, takes an empty `triggerConfig`. A key that does not apply to the rule's
   * trigger, or an unknown stage, answers 400 VALIDATION_ERROR naming the key.
   */
  triggerConfig: AutomationTriggerConfig;
  condition: AutomationCondition | null;
  actions: AutomationAction[];
  isActive: boolean;
  /** @format date-time */
  createdAt: string;
  /** @format date-time */
  updatedAt: string;
}

export type AutomationRuleListEnvelope = SuccessEnvelope & {
  data: AutomationRule[];
};

export interface AutomationRuleInput {
  /**
   * @minLength 1
   * @maxLength 200
   */
  name: string;
  /**
   * Any trigger name (lower case, digits, `_ . : -`). Built-in client triggers: `appointment_confirmed`,
   * `appointment_cancelled`, `appointment_reminder`, `form_submitted`, `payment_captured`,
   * `product_purchased`, `service_enrolled`, `deal_won`, `deal_lost`. System triggers fired by the CRM:
   * `lead_created`, `stage_enter`, `stage_exit`, `score_above`, `score_below`, `tag_added`, `tag_removed`,
   * `no_contact`. Fired by the WhatsApp inbox: `message_received`, once per message a contact sends (on
   * the conversation's lead, created with source `whatsapp` when the phone had none), with variables
   * `text` (the text, caption or chosen button's title; empty for media without a caption), `type`,
   * `phone`, `conversationId` and `messageId`.
   */
  trigger: TriggerName;
  /**
   * Narrows a system trigger. Each key applies to its triggers only: `scoreThreshold` to `score_above`
   * (fires at or above it) and `score_below` (at or below it); `stageId` to `stage_enter` / `stage_exit`
   * (that stage only; it must be a stage of this tenant); `tag` to `tag_added` / `tag_removed` (that tag
   * only); `days` to `no_contact` (after that many days without activity, default 7). Any other trigger,
   * including client triggers, takes an empty `triggerConfig`. A key that does not apply to the rule's
   * trigger, or an unknown stage, answers 400 VALIDATION_ERROR naming the key.
   */
  triggerConfig?: AutomationTriggerConfig;
  condition?: AutomationCondition | null;
  /**
   * @maxItems 20
   * @minItems 1
   */
  actions: AutomationAction[];
  /** @default true */
  isActive?: boolean;
}

export type AutomationRuleEnvelope = SuccessEnvelope & {
  data: AutomationRule;
};

export interface AutomationRuleUpdate {
  /**
   * @minLength 1
   * @maxLength 200
   */
  name?: string;
  /**
   * Any trigger name (lower case, digits, `_ . : -`). Built-in client triggers: `appointment_confirmed`,
   * `appointment_cancelled`, `appointment_reminder`, `form_submitted`, `payment_captured`,
   * `product_purchased`, `service_enrolled`, `deal_won`, `deal_lost`. System triggers fired by the CRM:
   * `lead_created`, `stage_enter`, `stage_exit`, `score_above`, `score_below`, `tag_added`, `tag_removed`,
   * `no_contact`. Fired by the WhatsApp inbox: `message_received`, once per message a contact sends (on
   * the conversation's lead, created with source `whatsapp` when the phone had none), with variables
   * `text` (the text, caption or chosen button's title; empty for media without a caption), `type`,
   * `phone`, `conversationId` and `messageId`.
   */
  trigger?: TriggerName;
  /**
   * Narrows a system trigger. Each key applies to its triggers only: `scoreThreshold` to `score_above`
   * (fires at or above it) and `score_below` (at or below it); `stageId` to `stage_enter` / `stage_exit`
   * (that stage only; it must be a stage of this tenant); `tag` to `tag_added` / `tag_removed` (that tag
   * only); `days` to `no_contact` (after that many days without activity, default 7). Any other trigger,
   * including client triggers, takes an empty `triggerConfig`. A key that does not apply to the rule's
   * trigger, or an unknown stage, answers 400 VALIDATION_ERROR naming the key.
   */
  triggerConfig?: AutomationTriggerConfig;
  condition?: AutomationCondition | null;
  /**
   * @maxItems 20
   * @minItems 1
   */
  actions?: AutomationAction[];
  isActive?: boolean;
}

export interface AutomationTestRequest {
  /**
   * An unknown or another tenant's lead answers 404 LEAD_NOT_FOUND.
   * @maxLength 64
   */
  leadId: string;
  /** Event variables to test with (as a trigger would send them). */
  variables?: Record<string, any>;
  /** Event data to test with. */
  data?: Record<string, any>;
}

/** What the rule would do for the lead now. Nothing is executed or written. */
export interface AutomationTestResult {
  ruleId: string;
  leadId: string;
  isActive: boolean;
  /** True when the rule has no condition or its condition holds. */
  conditionPassed: boolean;
  /** The condition with the value it was compared with, or null when the rule has none. */
  condition: null | {
    field: string;
    /**
     * `eq`/`neq` compare values (numbers numerically); `gt`/`gte`/`lt`/`lte` compare numbers;
     * `contains` finds text in a string (case-insensitive) or an item in a list (tags); `in` is true when
     * the field's value is one of `value` (a list); `exists` is true when the field has a value (with
     * `value: false`, when it has none).
     */
    operator: ConditionOperator;
    value: any;
    /** The lead's or event's value of `field` (null when absent). */
    actual: any;
    passed: boolean;
  };
  /** True when the rule is active and its condition passes. */
  wouldRun: boolean;
  actions: {
    position: number;
    type: string;
    delayMinutes: number;
    /** The action's configuration with variables resolved (template parameters, email subject and body, recipient…). */
    resolved: Record<string, any>;
    /** Why the action would fail (no phone, unknown stage, missing SMTP secrets…). */
    problem?: string;
  }[];
}

export type AutomationTestResultEnvelope = SuccessEnvelope & {
  /** What the rule would do for the lead now. Nothing is executed or written. */
  data: AutomationTestResult;
};

/**
 * One attempt to deliver a callback. Every attempt of a delivery carries the same `deliveryId`
 * (the `webhook-id` header the receiver sees) and the same body.
 */
export interface CallbackAttempt {
  id: string;
  /** The delivery (`webhook-id`), stable across retries. */
  deliveryId: string;
  eventLogId: string;
  trigger: string;
  /** The callbackUrl posted to. */
  url: string;
  /**
   * 1 for the first try, then one more per retry.
   * @min 1
   */
  attempt: number;
  /** delivered: the receiver answered 2xx in time. Redirects are not followed (a 3xx is a failure). */
  status: "delivered" | "failed";
  /** The receiver's HTTP status (null when none arrived). */
  statusCode: number | null;
  /** @min 0 */
  durationMs: number;
  /** Why the attempt failed (timeout, connection refused, non-2xx answer, forbidden address…). */
  error: string | null;
  /** @format date-time */
  createdAt: string;
  /** Where the whole delivery is now: pending while retries remain, then delivered or failed. */
  deliveryStatus: "pending" | "delivered" | "failed";
  /**
   * While the delivery is pending, when its next attempt is due.
   * @format date-time
   */
  nextAttemptAt: string | null;
}

/** A callback delivery queued again, its next attempt due now. */
export interface CallbackResend {
  /** The delivery (`webhook-id`), the same as before the resend. */
  deliveryId: string;
  eventLogId: string;
  /**
   * The number the queued attempt will carry in the callback logs.
   * @min 2
   */
  attempt: number;
  /** The job making the attempt (`GET /api/saas/jobs/status/{jobId}`). */
  jobId: string;
}

export type CallbackResendEnvelope = SuccessEnvelope & {
  /** A callback delivery queued again, its next attempt due now. */
  data: CallbackResend;
};

/**
 * One trigger the engine received (from the API, the CRM or the deprecated events route).
 * @example {"id":"3f6c2a9e-8b1d-4c7a-9e2f-1a5b7c9d0e4f","trigger":"appointment_confirmed","source":"api","status":"completed","phone":"+919876543210","email":"patient@example.com","leadId":"9a1e5c3b-2d4f-4b6a-8c0e-7f1d3b5a9c2e","rulesMatched":2,"meetLink":"https://meet.google.com/abc-defg-hij","meetWarning":null,"depth":0,"error":null,"createdAt":"2026-03-14T09:30:00.000Z","completedAt":"2026-03-14T09:30:00.412Z","runAt":"2026-03-14T09:30:00.000Z"}
 */
export interface EventLog {
  /** The `eventLogId` the trigger answered with. */
  id: string;
  trigger: string;
  /** `api`: POST /api/saas/workflows/trigger; `system`: a CRM change; `legacy`: the deprecated events route. */
  source: "api" | "system" | "legacy";
  /**
   * `scheduled`: waiting for its `delayMinutes`; `processing`: its actions are running; `completed`: every
   * action ran ok or was skipped; `partial`: some actions failed; `failed`: every action failed, or the run
   * itself failed (see `error`).
   */
  status: EventLogStatus;
  phone: string | null;
  email: string | null;
  leadId: string | null;
  /** @min 0 */
  rulesMatched: number;
  meetLink: string | null;
  meetWarning: string | null;
  /**
   * How deep in an automation chain the event is (0 when a client or a person caused it).
   * @min 0
   */
  depth: number;
  /** Why the run itself failed (action failures are on each action). */
  error: string | null;
  /** @format date-time */
  createdAt: string;
  /** @format date-time */
  completedAt: string | null;
  /**
   * When the run starts (later than `createdAt` for a delayed trigger).
   * @format date-time
   */
  runAt: string;
}

/** One action of one matched rule, as it ran (or will run) for the event. */
export interface EventActionRun {
  id: string;
  /** Null once the rule has been deleted (`ruleName` keeps its name). */
  ruleId: string | null;
  ruleName: string;
  /** @min 0 */
  position: number;
  type: string;
  /** The action's configuration as the rule had it when the event fired. */
  config: Record<string, any>;
  /** @min 0 */
  delayMinutes: number;
  status: "pending" | "scheduled" | "running" | "ok" | "failed" | "skipped";
  /** Why the action failed or was skipped. */
  reason: string | null;
  /** What the action produced (a message id, the new stage…). */
  result: Record<string, any> | null;
  /** The background job that runs a delayed action (see GET /api/saas/jobs/status/{jobId}). */
  jobId: string | null;
  /** @format date-time */
  runAt: string;
  /** @min 0 */
  attempts: number;
  /** @format date-time */
  startedAt: string | null;
  /** @format date-time */
  finishedAt: string | null;
}

export interface EventCallbackAttempt {
  /** @min 1 */
  attempt: number;
  status: "delivered" | "failed";
  /** The receiver's HTTP status; null when no answer came (timeout, refused connection). */
  statusCode: number | null;
  /** @min 0 */
  durationMs: number;
  error: string | null;
  /** @format date-time */
  createdAt: string;
}

/** The signed POST of the event's outcome to its `callbackUrl`, with every attempt so far. */
export interface EventCallback {
  /** Also the Standard Webhooks `webhook-id` header, the same on every retry. */
  id: string;
  url: string;
  /** `pending` until a 2xx answer (`delivered`) or until the retry schedule runs out (`failed`). */
  status: "pending" | "delivered" | "failed";
  /** The exact JSON bytes signed and sent on every attempt. */
  body: string;
  /** @format date-time */
  nextAttemptAt: string | null;
  jobId: string | null;
  /** @format date-time */
  createdAt: string;
  /** @format date-time */
  finishedAt: string | null;
  /** Oldest first. */
  attempts: EventCallbackAttempt[];
}

export type EventLogDetail = EventLog & {
  /** What the trigger carried (`variables`, `data`, `meetConfig`, `leadData`… or the CRM change). */
  payload: Record<string, any>;
  callbackUrl: string | null;
  callbackMetadata: Record<string, any> | null;
  /** The background job that runs the event (see GET /api/saas/jobs/status/{jobId}). */
  jobId: string | null;
  /** One entry per action of each matched rule, in run order. */
  actions: EventActionRun[];
  /** Null when the trigger had no `callbackUrl` (or the callback is not created yet). */
  callback: EventCallback | null;
};

export type EventLogDetailEnvelope = SuccessEnvelope & {
  data: EventLogDetail;
};

/**
 * Counts of the events created in the requested range (all time without one).
 * @example {"totalEvents":1250,"byTrigger":[{"trigger":"appointment_confirmed","count":420,"successRate":0.98}],"byStatus":[{"status":"completed","count":1230},{"status":"failed","count":20}]}
 */
export interface EventStats {
  /** @min 0 */
  totalEvents: number;
  /** One entry per trigger that has events, most events first (ties by name). */
  byTrigger: {
    trigger: string;
    /** @min 1 */
    count: number;
    /**
     * `completed ÷ (completed + partial + failed)` among this trigger's events, rounded to 2
     * decimals: events still `scheduled` or `processing` are left out, and a `partial` event (some
     * action failed) is not a success. Null while none of them has finished.
     * @min 0
     * @max 1
     */
    successRate: number | null;
  }[];
  /** One entry per status that has events, most events first (ties by name). */
  byStatus: {
    /**
     * `scheduled`: waiting for its `delayMinutes`; `processing`: its actions are running; `completed`: every
     * action ran ok or was skipped; `partial`: some actions failed; `failed`: every action failed, or the run
     * itself failed (see `error`).
     */
    status: EventLogStatus;
    /** @min 1 */
    count: number;
  }[];
}

export type EventStatsEnvelope = SuccessEnvelope & {
  /** Counts of the events created in the requested range (all time without one). */
  data: EventStats;
};

export interface JobStatus {
  jobId: string;
  /** What the job does (`workflows.run-event` runs an event, `workflows.run-action` one delayed action). */
  name: string;
  /** queued: waiting for its time or a worker; processing: a worker holds it; completed / failed: its last run's outcome. */
  status: "queued" | "processing" | "completed" | "failed";
  /**
   * How many times a worker has started it.
   * @min 0
   */
  attempts: number;
  /** Why its last failed run failed. */
  lastError: string | null;
  /**
   * When it runs next (null once it has run).
   * @format date-time
   */
  scheduledFor: string | null;
  /** @format date-time */
  lastRunAt: string | null;
  /** @format date-time */
  finishedAt: string | null;
  /** The event log the job works for. */
  eventLogId: string | null;
}

export type JobStatusEnvelope = SuccessEnvelope & {
  data: JobStatus;
};

/** @example {"phone":"+919876543210","name":"Ravi Kumar"} */
export interface CreateConversationRequest {
  /**
   * Any common notation, stored as E.164, read as a lead's phone is: with a country code
   * (`+91 98765-43210`, `919876543210`) or without, in the tenant's `defaultCountry`. A number of
   * no possible length for its country, or with an extension, answers 400 `VALIDATION_ERROR`
   * naming `body.phone`.
   * @maxLength 32
   */
  phone: string;
  /**
   * The contact's name as the inbox shows it.
   * @minLength 1
   * @maxLength 100
   */
  name?: string;
}

/**
 * The fields to change; `null` clears `assignedTo` or `name`.
 * @example {"status":"closed","assignedTo":"agent-7","tags":["support","urgent"]}
 */
export interface UpdateConversationRequest {
  status?: ConversationStatus;
  /**
   * The agent the conversation is assigned to (any id or name the tenant uses).
   * @minLength 1
   * @maxLength 100
   */
  assignedTo?: string | null;
  /**
   * The conversation's tags, replacing the ones it had; a tag given twice is kept once.
   * @maxItems 50
   */
  tags?: string[];
  /**
   * @minLength 1
   * @maxLength 100
   */
  name?: string | null;
}

/** Fields a list read from a cursor carries next to `data`. */
export interface CursorPagination {
  /** More items lie beyond this page in the direction it was read (see the operation's cursors). */
  hasMore: boolean;
}

/** The media of an image, video, audio, document or sticker message. Inbound media is fetched from Meta into media storage after the message is stored: until then (or when fetching failed, see `error`) `url` is null and `id` is Meta's media id. */
export interface WhatsappMedia {
  /** Meta's media id, when Meta holds the media. */
  id: string | null;
  /** Where the media is served from (our media storage, or the link an outbound message was sent with). */
  url: string | null;
  mimeType: string | null;
  /** Bytes. */
  size: number | null;
  /** A document's file name. */
  filename: string | null;
  /** Why the media could not be fetched from Meta. */
  error: string | null;
}

/**
 * Exactly one kind of content: `text`; or a template (`templateName`, with `templateLanguage` and
 * `variables`); or media (`mediaUrl` with `mediaType`, and a `caption` except for audio). None, or
 * fields of two kinds, answers 400 `VALIDATION_ERROR` naming the fields.
 * @example {"to":"+919876543210","text":"Hello, your appointment is confirmed!"}
 */
export interface SendMessageRequest {
  /**
   * The contact's phone in any common notation, read as a lead's phone is (without a country code,
   * in the tenant's `defaultCountry`). A number of no possible length answers 400 naming `body.to`.
   * @maxLength 32
   */
  to: string;
  /**
   * Free-form text (Meta's limit, 4,096 characters); a link in it gets a preview.
   * @minLength 1
   * @maxLength 4096
   */
  text?: string;
  /**
   * An approved template synced for the tenant.
   * @minLength 1
   * @maxLength 512
   */
  templateName?: string;
  /**
   * The template's language code (default `en_US`).
   * @minLength 2
   * @maxLength 15
   */
  templateLanguage?: string;
  /**
   * The template's body parameters, in order (the Nth fills `{{N}}`). Without them, a template with a
   * mapping (`PUT /api/saas/chat/templates/{templateName}/mapping`) is filled from the open CRM lead
   * with this phone and its conversation, as an automation's send is; a value left empty is 422
   * `TEMPLATE_VARIABLE_EMPTY` unless the template's `onEmptyVariable` is `default`.
   * @maxItems 100
   */
  variables?: string[];
  /**
   * A public `https://` (or `http://`) link Meta fetches the media from, such as an upload's `url`.
   * @format uri
   * @maxLength 2048
   */
  mediaUrl?: string;
  mediaType?: "image" | "video" | "audio" | "document";
  /**
   * Shown under an image, video or document (Meta has no caption for audio).
   * @minLength 1
   * @maxLength 1024
   */
  caption?: string;
  /**
   * Our id of a message of this conversation to quote (Meta's `context.message_id`). An id that
   * names no message of the conversation with `to` answers 404 `MESSAGE_NOT_FOUND`.
   * @maxLength 64
   */
  replyTo?: string;
}

export interface BroadcastRecipientInput {
  /**
   * Any common notation, read as a lead's phone is (without a country code, in the tenant's
   * `defaultCountry`). One that is not a phone number is recorded as a `rejected` recipient.
   * @maxLength 32
   */
  phone: string;
  /**
   * The template's body parameters for this recipient, in order (the Nth fills `{{N}}`).
   * @maxItems 100
   */
  variables?: string[];
}

/**
 * The CRM's open leads to send to, instead of a recipient list: filters combine, as the lead list's do
 * (`tags`: leads having every tag). Leads without a phone are skipped; a phone shared by leads gets one message.
 */
export interface BroadcastAudience {
  /**
   * @maxItems 20
   * @minItems 1
   */
  tags?: string[];
  /** @maxLength 64 */
  pipelineId?: string;
  /** @maxLength 64 */
  stageId?: string;
  minScore?: number;
  /**
   * @minLength 1
   * @maxLength 100
   */
  source?: string;
}

/**
 * A template sent to each recipient: `recipients` (1 to 100,000), or an `audience` of CRM leads
 * (with the same `variables` for each). Both, or neither, answers 400 `VALIDATION_ERROR`.
 * @example {"name":"Summer Health Camp","templateName":"health_camp_invite","recipients":[{"phone":"+919876543210","variables":["Ravi","March 20"]},{"phone":"+919999999999","variables":["Priya","March 20"]}]}
 */
export interface CreateBroadcastRequest {
  /**
   * @minLength 1
   * @maxLength 200
   */
  name: string;
  /**
   * An approved template synced for the tenant.
   * @minLength 1
   * @maxLength 512
   */
  templateName: string;
  /**
   * The template's language code (default `en_US`).
   * @minLength 2
   * @maxLength 15
   */
  language?: string;
  /**
   * @maxItems 100000
   * @minItems 1
   */
  recipients?: BroadcastRecipientInput[];
  /**
   * The CRM's open leads to send to, instead of a recipient list: filters combine, as the lead list's do
   * (`tags`: leads having every tag). Leads without a phone are skipped; a phone shared by leads gets one message.
   */
  audience?: BroadcastAudience;
  /**
   * With `audience`, the template's body parameters for every lead.
   * @maxItems 100
   */
  variables?: string[];
  /**
   * When sending starts (ISO 8601, in the future, at most a year ahead); now when absent.
   * @format date-time
   */
  scheduledAt?: string;
}

/**
 * What was accepted: `accepted` recipients will each get one message, `rejected` were recorded with
 * their error (listed as `rejected` recipients), `duplicates` repeated a phone already in the list.
 */
export interface BroadcastAccepted {
  broadcastId: string;
  /** `scheduled` until its `scheduledAt` (or its first message is queued), `sending` while recipients wait or their messages are in the outbound queue, `completed` once every message has left the queue (sent or failed), `cancelled` when cancelled before that. */
  status: BroadcastStatus;
  /** @min 0 */
  accepted: number;
  /** @min 0 */
  rejected: number;
  /** @min 0 */
  duplicates: number;
  /** @format date-time */
  scheduledAt: string;
}

export type BroadcastAcceptedEnvelope = SuccessEnvelope & {
  /**
   * What was accepted: `accepted` recipients will each get one message, `rejected` were recorded with
   * their error (listed as `rejected` recipients), `duplicates` repeated a phone already in the list.
   */
  data: BroadcastAccepted;
};

/** How many recipients are in each status now. */
export interface BroadcastRecipientCounts {
  /** @min 0 */
  pending: number;
  /** @min 0 */
  queued: number;
  /** @min 0 */
  sent: number;
  /** @min 0 */
  delivered: number;
  /** @min 0 */
  read: number;
  /** @min 0 */
  failed: number;
  /** @min 0 */
  rejected: number;
  /** @min 0 */
  cancelled: number;
}

/** A WhatsApp broadcast and where its recipients are. */
export interface Broadcast {
  id: string;
  name: string;
  templateName: string;
  language: string;
  /** `scheduled` until its `scheduledAt` (or its first message is queued), `sending` while recipients wait or their messages are in the outbound queue, `completed` once every message has left the queue (sent or failed), `cancelled` when cancelled before that. */
  status: BroadcastStatus;
  audience: BroadcastAudience | null;
  /** @min 0 */
  accepted: number;
  /** @min 0 */
  rejected: number;
  /** @min 0 */
  duplicates: number;
  /** How many recipients are in each status now. */
  counts: BroadcastRecipientCounts;
  /**
   * The share of accepted recipients whose message has left the queue (sent or further, failed, or cancelled).
   * @min 0
   * @max 1
   */
  progress: number;
  /** @format date-time */
  scheduledAt: string;
  /**
   * When its first message was queued.
   * @format date-time
   */
  startedAt: string | null;
  /**
   * When its last message left the queue.
   * @format date-time
   */
  finishedAt: string | null;
  /** @format date-time */
  cancelledAt: string | null;
  /** @format date-time */
  createdAt: string;
}

export type BroadcastEnvelope = SuccessEnvelope & {
  /** A WhatsApp broadcast and where its recipients are. */
  data: Broadcast;
};

/** One recipient of a broadcast, and its message once queued. */
export interface BroadcastRecipient {
  /**
   * The recipient's place in the request's `recipients` (from 0; an audience's leads, oldest first), duplicates counted.
   * @min 0
   */
  position: number;
  /** E.164; null for a phone that is not a phone number (`rejected`). */
  phone: string | null;
  /** The phone as the request wrote it (or the lead's). */
  givenPhone: string;
  variables: string[];
  /** `pending` until the recipient's message is queued; then its message's status (`queued`, `sent`, `delivered`, `read`, or `failed` with Meta's code). `rejected`: the phone is not a phone number, or the recipient has fewer variables than the template needs (nothing sent; `error` says which). `cancelled`: the broadcast was cancelled before the message left. */
  status: BroadcastRecipientStatus;
  /** Why it was rejected, or Meta's error title of a failed message. */
  error: string | null;
  /** Meta's error code of a failed message. */
  errorCode: number | null;
  messageId: string | null;
  conversationId: string | null;
  /** @format date-time */
  sentAt: string | null;
  /** @format date-time */
  deliveredAt: string | null;
  /** @format date-time */
  readAt: string | null;
  /** @format date-time */
  failedAt: string | null;
}

/**
 * Keywords, each compared after normalisation (case, accents, spaces; see `AutoReplyMatch`).
 * @maxItems 50
 * @minItems 1
 */
export type AutoReplyKeywords = string[];

/**
 * What an inbound text must say for the flow to answer it, one of three kinds. `contains` and
 * `exact` compare the text and each keyword normalised the same way: lowercase, Latin accents
 * removed (`café` = `cafe`; other scripts' marks, such as Devanagari vowel signs, are kept), every
 * run of whitespace one space.
 *
 * - `contains`: a keyword appears as whole words (`hi` matches "Hi there", not "this").
 * - `exact`: the whole text is one of the keywords, punctuation at its ends ignored (`stop`
 *   matches "STOP!", `👍` matches "👍").
 * - `regex`: an RE2 pattern (linear-time: no backreferences, no lookaround), searched in the text
 *   as received, case-insensitively unless the pattern says `(?-i)`. At most 500 characters and 250
 *   RE2 instructions (`\pL{1000}` is too large), 2,500 for all the flows' patterns together. A
 *   pattern RE2 refuses answers 400 `VALIDATION_ERROR` on its `regex` field.
 */
export type AutoReplyMatch =
  | {
      /** Keywords, each compared after normalisation (case, accents, spaces; see `AutoReplyMatch`). */
      contains: AutoReplyKeywords;
    }
  | {
      /** Keywords, each compared after normalisation (case, accents, spaces; see `AutoReplyMatch`). */
      exact: AutoReplyKeywords;
    }
  | {
      /**
       * @minLength 1
       * @maxLength 500
       */
      regex: string;
    };

/**
 * What an auto-reply sends: free-form text (always inside the 24-hour window, which the inbound
 * message opened) or an approved template with no `{{n}}` variables (sent without parameters; one
 * with variables answers 400). A template must be synced (404 `TEMPLATE_NOT_FOUND`) and approved
 * (422 `TEMPLATE_NOT_APPROVED`) when the flows are saved, and still be when a reply is sent.
 */
export type AutoReplyMessage =
  | {
      /**
       * @minLength 1
       * @maxLength 4096
       */
      text: string;
    }
  | {
      /**
       * @minLength 1
       * @maxLength 512
       */
      templateName: string;
      /** @pattern ^[a-z]{2,3}(_[A-Z]{2})?$ */
      language: string;
    };

export interface AutoReplyFlow {
  /**
   * The flow's name, unique among the tenant's flows.
   * @pattern ^[A-Za-z0-9_.-]{1,64}$
   */
  id: string;
  /**
   * What an inbound text must say for the flow to answer it, one of three kinds. `contains` and
   * `exact` compare the text and each keyword normalised the same way: lowercase, Latin accents
   * removed (`café` = `cafe`; other scripts' marks, such as Devanagari vowel signs, are kept), every
   * run of whitespace one space.
   *
   * - `contains`: a keyword appears as whole words (`hi` matches "Hi there", not "this").
   * - `exact`: the whole text is one of the keywords, punctuation at its ends ignored (`stop`
   *   matches "STOP!", `👍` matches "👍").
   * - `regex`: an RE2 pattern (linear-time: no backreferences, no lookaround), searched in the text
   *   as received, case-insensitively unless the pattern says `(?-i)`. At most 500 characters and 250
   *   RE2 instructions (`\pL{1000}` is too large), 2,500 for all the flows' patterns together. A
   *   pattern RE2 refuses answers 400 `VALIDATION_ERROR` on its `regex` field.
   */
  match: AutoReplyMatch;
  /**
   * What an auto-reply sends: free-form text (always inside the 24-hour window, which the inbound
   * message opened) or an approved template with no `{{n}}` variables (sent without parameters; one
   * with variables answers 400). A template must be synced (404 `TEMPLATE_NOT_FOUND`) and approved
   * (422 `TEMPLATE_NOT_APPROVED`) when the flows are saved, and still be when a reply is sent.
   */
  reply: AutoReplyMessage;
}

/** The tenant's keyword auto-replies (none until saved). */
export interface AutoReplies {
  flows: AutoReplyFlow[];
  fallback: null | AutoReplyMessage;
  /** When the flows were last saved; null before. */
  updatedAt: null | string;
}

export type AutoRepliesEnvelope = SuccessEnvelope & {
  /** The tenant's keyword auto-replies (none until saved). */
  data: AutoReplies;
};

/**
 * The tenant's flows, in the order they are tried, replacing the ones saved (an empty list and no
 * `fallback` turn auto-replies off). At most 100 flows; two with one `id` answer 400.
 * @example {"flows":[{"id":"greeting","match":{"contains":["hello","hi","namaste"]},"reply":{"text":"Hello! Reply BOOK to book an appointment."}},{"id":"book","match":{"exact":["book"]},"reply":{"templateName":"booking_link","language":"en_US"}},{"id":"order-status","match":{"regex":"\\border\\s*#?\\d{4,}"},"reply":{"text":"We are looking up your order and will answer shortly."}}],"fallback":{"text":"Thanks for your message, we will answer soon."}}
 */
export interface AutoRepliesUpdate {
  /** @maxItems 100 */
  flows: AutoReplyFlow[];
  /** Sent when no flow matches; null or absent for none. */
  fallback?: null | AutoReplyMessage;
}

/** @example {"text":"Hi, is the clinic open on Sunday?"} */
export interface AutoReplyTestRequest {
  /**
   * An inbound text, as a contact would send it.
   * @minLength 1
   * @maxLength 4096
   */
  text: string;
}

/** What the saved flows would answer to the text. Nothing is sent or written. */
export interface AutoReplyTestResult {
  answeredBy: "flow" | "fallback" | "none";
  /** The first flow that matches; null for the fallback or no answer. */
  flowId: null | string;
  /** What would be sent; null when nothing would. */
  reply: null | AutoReplyMessage;
  /** The text as `contains` and `exact` compare it. */
  normalizedText: string;
}

export type AutoReplyTestResultEnvelope = SuccessEnvelope & {
  /** What the saved flows would answer to the text. Nothing is sent or written. */
  data: AutoReplyTestResult;
};

/**
 * Meta's review status, lower case (`approved`, `pending`, `rejected`, `paused`, `disabled`, …), or
 * `deleted` when the last sync no longer found it in the WhatsApp Business Account (kept, since
 * rules may name it). Only an `approved` template can be sent.
 * @example "approved"
 */
export type WhatsappTemplateStatus = string;

/**
 * Which field fills one `{{n}}` of the template.
 * @example {"variableIndex":1,"source":"lead","field":"firstName"}
 */
export interface WhatsappTemplateMapping {
  /**
   * The `n` of `{{n}}`.
   * @min 1
   * @max 100
   */
  variableIndex: number;
  /**
   * Where the placeholder sits; Graph takes header, body and each button's parameters separately.
   * @default "body"
   */
  component?: WhatsappTemplateVariableComponent;
  /**
   * For a button's placeholder, the button's position (from 0); required then.
   * @min 0
   * @max 9
   */
  buttonIndex?: number;
  /**
   * The collection a mapped variable reads (`GET /api/saas/chat/collections`): the lead, its pipeline
   * and stage, the trigger's event (its `variables`, then its `data`), the phone's conversation, or
   * the lead's `metadata` (`refs`, then `extra`).
   */
  source: WhatsappTemplateMappingSource;
  /**
   * A field of the source (`firstName`, `name`, `doctorName`, `extra.plan`); dots reach nested values.
   * @minLength 1
   * @maxLength 200
   * @pattern ^[A-Za-z0-9_$-]+(\.[A-Za-z0-9_$-]+)*$
   */
  field: string;
}

/** One `{{n}}` placeholder of a template, with the mapping that fills it (`null` when unmapped). */
export interface WhatsappTemplateVariable {
  /** Where the placeholder sits; Graph takes header, body and each button's parameters separately. */
  component: WhatsappTemplateVariableComponent;
  /**
   * The `n` of `{{n}}`.
   * @min 0
   */
  index: number;
  /**
   * For a button's placeholder, the button's position.
   * @min 0
   */
  buttonIndex?: number;
  /** The text it sits in (a URL button's `url`). */
  text: string;
  mapping: WhatsappTemplateMapping | null;
}

/** A WhatsApp template of the tenant's Business Account in one language, as last synced from Meta. */
export interface WhatsappTemplate {
  name: string;
  /** @example "en_US" */
  language: string;
  channel: "whatsapp";
  /**
   * Meta's review status, lower case (`approved`, `pending`, `rejected`, `paused`, `disabled`, …), or
   * `deleted` when the last sync no longer found it in the WhatsApp Business Account (kept, since
   * rules may name it). Only an `approved` template can be sent.
   */
  status: WhatsappTemplateStatus;
  /** @example "UTILITY" */
  category: string | null;
  /** Meta's components (HEADER, BODY, FOOTER, BUTTONS) as synced. */
  components: Record<string, any>[];
  /** Each `{{n}}` of the header, body and buttons, in the order Graph takes their parameters. */
  variables: WhatsappTemplateVariable[];
  mappings: WhatsappTemplateMapping[];
  /**
   * `mapped`: every variable has a mapping (or the template has none); `partial`: some do;
   * `unmapped`: none does (a send then fills the body from the event's `variables` in order).
   */
  mappingStatus: WhatsappTemplateMappingStatus;
  /**
   * What a send does when a variable's value is empty: `skip` the send (the automation's action ends
   * `skipped`), `fail` it, or send `defaultValue` in its place.
   */
  onEmptyVariable: WhatsappTemplateOnEmptyVariable;
  /** What `onEmptyVariable` `default` sends in place of an empty value. */
  defaultValue: string | null;
  /** @format date-time */
  createdAt: string;
  /** @format date-time */
  updatedAt: string;
}

/**
 * What the sync changed. `total` is how many templates Meta listed.
 * @example {"created":3,"updated":1,"deleted":0,"total":12}
 */
export interface WhatsappTemplateSyncResult {
  /** @min 0 */
  created: number;
  /**
   * Templates whose status, category or components changed (a deleted one listed again included).
   * @min 0
   */
  updated: number;
  /**
   * Templates no longer listed, now `deleted`.
   * @min 0
   */
  deleted: number;
  /** @min 0 */
  total: number;
}

/**
 * The template's whole mapping, replacing the one it had. Each `variableIndex` (with its
 * `component` and `buttonIndex`) must be a placeholder of the template, once; each `field` must
 * exist in its source (`GET /api/saas/chat/collections/{name}/fields`; the event's and metadata's
 * keys are open). Without `language`, every language of the template takes it.
 * @example {"mappings":[{"variableIndex":1,"source":"lead","field":"firstName"},{"variableIndex":2,"source":"event","field":"doctorName"}],"onEmptyVariable":"skip"}
 */
export interface WhatsappTemplateMappingUpdate {
  /**
   * @minLength 2
   * @maxLength 20
   * @pattern ^[A-Za-z_]+$
   */
  language?: string;
  /** @maxItems 100 */
  mappings: WhatsappTemplateMapping[];
  /**
   * What a send does when a variable's value is empty: `skip` the send (the automation's action ends
   * `skipped`), `fail` it, or send `defaultValue` in its place.
   * @default "skip"
   */
  onEmptyVariable?: WhatsappTemplateOnEmptyVariable;
  /**
   * Required with `onEmptyVariable` `default`, refused with the others.
   * @minLength 1
   * @maxLength 1000
   */
  defaultValue?: string;
}

/** Whether one language of the template can be filled from its mapping. */
export interface WhatsappTemplateValidation {
  name: string;
  language: string;
  /** Every variable is mapped to a field that exists. */
  valid: boolean;
  /**
   * `mapped`: every variable has a mapping (or the template has none); `partial`: some do;
   * `unmapped`: none does (a send then fills the body from the event's `variables` in order).
   */
  mappingStatus: WhatsappTemplateMappingStatus;
  variables: {
    /** Where the placeholder sits; Graph takes header, body and each button's parameters separately. */
    component: WhatsappTemplateVariableComponent;
    index: number;
    buttonIndex?: number;
    mapped: boolean;
    /** The mapped field exists in its source (false when unmapped). */
    fieldExists: boolean;
    mapping: WhatsappTemplateMapping | null;
  }[];
}

/**
 * The data to fill the template with: a `context` of collections (`lead`, `pipeline`, `stage`,
 * `event` with its `variables` and `data`, or bare event fields, `conversation`, `metadata`), or a
 * real lead by `leadId` (its pipeline, stage, metadata and conversation read with it) with the
 * event's `variables`. Without `language`, the template's only language.
 * @example {"context":{"lead":{"firstName":"Ravi"},"event":{"doctorName":"Dr. Sharma"}}}
 */
export interface WhatsappTemplatePreviewRequest {
  /**
   * @minLength 2
   * @maxLength 20
   * @pattern ^[A-Za-z_]+$
   */
  language?: string;
  context?: {
    lead?: Record<string, any>;
    pipeline?: Record<string, any>;
    stage?: Record<string, any>;
    event?: Record<string, any>;
    conversation?: Record<string, any>;
    metadata?: Record<string, any>;
  };
  /**
   * @minLength 1
   * @maxLength 100
   */
  leadId?: string;
  /** The event's `variables` (with `leadId`). */
  variables?: Record<string, any>;
}

/** The template filled in as a send would fill it now. */
export interface WhatsappTemplatePreview {
  name: string;
  language: string;
  /** `ready`: it would be sent; `skipped`/`failed`: an empty variable stops it (`onEmptyVariable`). */
  outcome: "ready" | "skipped" | "failed";
  /** Why it would not be sent. */
  reason?: string;
  /** `mapping`: from the template's mapping; `variables`: unmapped, the event's `variables` in order fill the body. */
  parameterSource: "mapping" | "variables";
  /** Each text component with its placeholders filled (an empty one left as `{{n}}`). */
  components: {
    component: "header" | "body" | "footer" | "button";
    buttonIndex?: number;
    text: string;
  }[];
  /** The `components` Graph would receive in the send (only those with parameters). */
  parameters: Record<string, any>[];
  emptyVariables: {
    /** Where the placeholder sits; Graph takes header, body and each button's parameters separately. */
    component: WhatsappTemplateVariableComponent;
    index: number;
    buttonIndex?: number;
    /** What `onEmptyVariable` did. */
    action: "skip" | "fail" | "default";
  }[];
}

/** A source a template variable's mapping may read. */
export interface TemplateCollection {
  /**
   * The collection a mapped variable reads (`GET /api/saas/chat/collections`): the lead, its pipeline
   * and stage, the trigger's event (its `variables`, then its `data`), the phone's conversation, or
   * the lead's `metadata` (`refs`, then `extra`).
   */
  name: WhatsappTemplateMappingSource;
  description: string;
  /** Any key may be mapped (the event's and metadata's keys are the tenant's own); the listed fields are those known. */
  openFields: boolean;
}

export interface TemplateCollectionField {
  /** @example "firstName" */
  key: string;
  type: "string" | "number" | "boolean" | "date" | "array" | "object" | "any";
}

/** A short-lived credential for one tenant's real-time socket, for a browser that must not hold the API key. */
export interface RealtimeToken {
  /** Pass as `?token=` to `GET /api/saas/realtime`. URL-safe; signed by the server; names only this tenant. */
  token: string;
  /**
   * After this the token no longer opens a socket (a socket it opened stays open).
   * @format date-time
   */
  expiresAt: string;
}

export type RealtimeTokenEnvelope = SuccessEnvelope & {
  /** A short-lived credential for one tenant's real-time socket, for a browser that must not hold the API key. */
  data: RealtimeToken;
};

/**
 * A client's Google Calendar connection, as stored by the OAuth callback.
 * @example {"clientCode":"nirvisham","name":"Nirvisham Clinics","scopes":["https://www.googleapis.com/auth/calendar.events"]}
 */
export interface GoogleConnection {
  /** Tenant identifier; lowercase letters, digits and underscores, starting with a letter. */
  clientCode: ClientCode;
  /** The client's name. */
  name: string;
  /** The OAuth scopes Google granted. */
  scopes: string[];
}

/** One action of a finished event, as the callback reports it. */
export interface WorkflowCompletedCallbackAction {
  /** Null once the rule has been deleted (`ruleName` keeps its name). */
  ruleId: string | null;
  ruleName: string;
  type: string;
  status: "ok" | "failed" | "skipped";
  /** Why the action failed or was skipped. */
  reason: string | null;
  /** What the action produced (a message id, the new stage…). */
  result: Record<string, any> | null;
}

/** A message was added to a conversation (received from the contact, or queued to be sent). */
export interface RealtimeMessageNewFrame {
  type: "message:new";
  /** A message of a conversation, received from the contact (`inbound`) or sent to them (`outbound`). */
  data: WhatsappMessage;
}

/** A message's status moved (`sent`, `delivered`, `read`, `failed`); `data` is the message as it is now. */
export interface RealtimeMessageStatusFrame {
  type: "message:status";
  /** A message of a conversation, received from the contact (`inbound`) or sent to them (`outbound`). */
  data: WhatsappMessage;
}

/** A conversation changed (new message, unread count, status, assignee, tags, name); `data` is the conversation as it is now. */
export interface RealtimeConversationUpdatedFrame {
  type: "conversation:updated";
  /** The tenant's WhatsApp conversation with one phone. */
  data: Conversation;
}

/** A conversation was deleted, with its messages. */
export interface RealtimeConversationDeletedFrame {
  type: "conversation:deleted";
  data: {
    /** The deleted conversation's id. */
    id: string;
  };
}

/**
 * Frames may have been missed: this node's connection to the event channel was lost and is back
 * (`listener_reconnected`), or a large frame could not be read in time (`frame_lost`). Fetch what
 * is shown again (conversations, open messages). Clients should do the same after reconnecting.
 */
export interface RealtimeResyncFrame {
  type: "resync";
  data: {
    /** Why, for logs; new reasons may be added. */
    reason: string;
  };
}

/**
 * A callback attempt is starting: what is being POSTed to the trigger's `callbackUrl`, once per
 * attempt (a retry or a resend is another frame with the same `deliveryId`). `ecodrix listen`
 * forwards these to a local URL, signed as the attempt is.
 */
export interface RealtimeCallbackAttemptFrame {
  type: "callback:attempt";
  data: {
    /** The delivery (`webhook-id`), stable across retries. */
    deliveryId: string;
    eventLogId: string;
    /** @min 1 */
    attempt: number;
    /** The callbackUrl the attempt posts to. */
    url: string;
    /** The exact bytes posted (the signed content), as a JSON string. */
    body: string;
  };
}

export type QueryParamsType = Record<string | number, any>;
export type ResponseFormat = keyof Omit<Body, "body" | "bodyUsed">;

export interface FullRequestParams extends Omit<RequestInit, "body"> {
  /** set parameter to `true` for call `securityWorker` for this request */
  secure?: boolean;
  /** request path */
  path: string;
  /** content type of request body */
  type?: ContentType;
  /** query params */
  query?: QueryParamsType;
  /** format of response (i.e. response.json() -> format: "json") */
  format?: ResponseFormat;
  /** request body */
  body?: unknown;
  /** base url */
  baseUrl?: string;
  /** request cancellation token */
  cancelToken?: CancelToken;
}

export type RequestParams = Omit<
  FullRequestParams,
  "body" | "method" | "query" | "path"
>;

export interface ApiConfig<SecurityDataType = unknown> {
  baseUrl?: string;
  baseApiParams?: Omit<RequestParams, "baseUrl" | "cancelToken" | "signal">;
  securityWorker?: (
    securityData: SecurityDataType | null,
  ) => Promise<RequestParams | void> | RequestParams | void;
  customFetch?: typeof fetch;
}

export interface HttpResponse<D extends unknown, E extends unknown = unknown>
  extends Response {
  data: D;
  error: E;
}

type CancelToken = Symbol | string | number;

export type ContentType =
  | "application/json"
  | "application/vnd.api+json"
  | "multipart/form-data"
  | "application/x-www-form-urlencoded"
  | "text/plain";

export class HttpClient<SecurityDataType = unknown> {
  public baseUrl: string = "http://localhost:3000";
  private securityData: SecurityDataType | null = null;
  private securityWorker?: ApiConfig<SecurityDataType>["securityWorker"];
  private abortControllers = new Map<CancelToken, AbortController>();
  private customFetch = (...fetchParams: Parameters<typeof fetch>) =>
    fetch(...fetchParams);

  private baseApiParams: RequestParams = {
    credentials: "same-origin",
    headers: {},
    redirect: "follow",
    referrerPolicy: "no-referrer",
  };

  constructor(apiConfig: ApiConfig<SecurityDataType> = {}) {
    Object.assign(this, apiConfig);
  }

  public setSecurityData = (data: SecurityDataType | null) => {
    this.securityData = data;
  };

  protected encodeQueryParam(key: string, value: any) {
    const encodedKey = encodeURIComponent(key);
    return `${encodedKey}=${encodeURIComponent(typeof value === "number" ? value : `${value}`)}`;
  }

  protected addQueryParam(query: QueryParamsType, key: string) {
    return this.encodeQueryParam(key, query[key]);
  }

  protected addArrayQueryParam(query: QueryParamsType, key: string) {
    const value = query[key];
    return value.map((v: any) => this.encodeQueryParam(key, v)).join("&");
  }

  protected toQueryString(rawQuery?: QueryParamsType): string {
    const query = rawQuery || {};
    const keys = Object.keys(query).filter(
      (key) => "undefined" !== typeof query[key],
    );
    return keys
      .map((key) =>
        Array.isArray(query[key])
          ? this.addArrayQueryParam(query, key)
          : this.addQueryParam(query, key),
      )
      .join("&");
  }

  protected addQueryParams(rawQuery?: QueryParamsType): string {
    const queryString = this.toQueryString(rawQuery);
    return queryString ? `?${queryString}` : "";
  }

  private contentFormatters: Record<ContentType, (input: any) => any> = {
    ["application/json"]: (input: any) =>
      input !== null && (typeof input === "object" || typeof input === "string")
        ? JSON.stringify(input)
        : input,
    ["application/vnd.api+json"]: (input: any) =>
      input !== null && (typeof input === "object" || typeof input === "string")
        ? JSON.stringify(input)
        : input,
    ["text/plain"]: (input: any) =>
      input !== null && typeof input !== "string"
        ? JSON.stringify(input)
        : input,
    ["multipart/form-data"]: (input: any) => {
      if (input instanceof FormData) {
        return input;
      }

      return Object.keys(input || {}).reduce((formData, key) => {
        const property = input[key];
        formData.append(
          key,
          property instanceof Blob
            ? property
            : typeof property === "object" && property !== null
              ? JSON.stringify(property)
              : `${property}`,
        );
        return formData;
      }, new FormData());
    },
    ["application/x-www-form-urlencoded"]: (input: any) =>
      this.toQueryString(input),
  };

  protected mergeRequestParams(
    params1: RequestParams,
    params2?: RequestParams,
  ): RequestParams {
    return {
      ...this.baseApiParams,
      ...params1,
      ...(params2 || {}),
      headers: {
        ...(this.baseApiParams.headers || {}),
        ...(params1.headers || {}),
        ...((params2 && params2.headers) || {}),
      },
    };
  }

  protected createAbortSignal = (
    cancelToken: CancelToken,
  ): AbortSignal | undefined => {
    if (this.abortControllers.has(cancelToken)) {
      const abortController = this.abortControllers.get(cancelToken);
      if (abortController) {
        return abortController.signal;
      }
      return void 0;
    }

    const abortController = new AbortController();
    this.abortControllers.set(cancelToken, abortController);
    return abortController.signal;
  };

  public abortRequest = (cancelToken: CancelToken) => {
    const abortController = this.abortControllers.get(cancelToken);

    if (abortController) {
      abortController.abort();
      this.abortControllers.delete(cancelToken);
    }
  };

  public request = async <T = any, E = any>({
    body,
    secure,
    path,
    type,
    query,
    format,
    baseUrl,
    cancelToken,
    ...params
  }: FullRequestParams): Promise<HttpResponse<T, E>> => {
    const secureParams =
      ((typeof secure === "boolean" ? secure : this.baseApiParams.secure) &&
        this.securityWorker &&
        (await this.securityWorker(this.securityData))) ||
      {};
    const requestParams = this.mergeRequestParams(params, secureParams);
    const queryString = query && this.toQueryString(query);
    const payloadFormatter = this.contentFormatters[type || "application/json"];
    const responseFormat = format || requestParams.format;

    return this.customFetch(
      `${baseUrl || this.baseUrl || ""}${path}${queryString ? `?${queryString}` : ""}`,
      {
        ...requestParams,
        headers: {
          ...(requestParams.headers || {}),
          ...(type && type !== "multipart/form-data"
            ? { "Content-Type": type }
            : {}),
        },
        signal:
          (cancelToken
            ? this.createAbortSignal(cancelToken)
            : requestParams.signal) || null,
        body:
          typeof body === "undefined" || body === null
            ? null
            : payloadFormatter(body),
      },
    ).then(async (response) => {
      const r = response as HttpResponse<T, E>;
      r.data = null as unknown as T;
      r.error = null as unknown as E;

      const responseToParse = responseFormat ? response.clone() : response;
      const data = !responseFormat
        ? r
        : await responseToParse[responseFormat]()
            .then((data) => {
              if (r.ok) {
                r.data = data;
              } else {
                r.error = data;
              }
              return r;
            })
            .catch((e) => {
              r.error = e;
              return r;
            });

      if (cancelToken) {
        this.abortControllers.delete(cancelToken);
      }

      if (!response.ok) throw data;
      return data;
    });
  };
}

/**
 * @title ECODrIx API
 * @version 0.1.0
 * @license Proprietary
 * @baseUrl http://localhost:3000
 *
 * ECODrIx is an API-first automation backend. Client servers call it over REST with
 * `x-api-key` + `x-client-code`; platform operators manage tenants with the admin bearer key.
 *
 * Every answer is an envelope: success `{success:true,data,message?}`, error
 * `{success:false,message,code}`, paginated `{success:true,data:[…],total,page,limit,totalPages}`.
 * Every answer carries `x-request-id`.
 *
 * ## Errors
 *
 * An error's `code` is one of the `ErrorCode` model's values, each listed there with its HTTP
 * status and meaning; codes are never renamed. Each operation's error responses say which codes
 * they carry. Branch on `code`, show `message`, quote `requestId` to support.
 *
 * ## Limits
 *
 * Past a limit the answer is 400 `VALIDATION_ERROR`, with the limit in `message` and the field in
 * `details` (`body.metadata.extra.a`, `query.tags`). Text and JSON shapes are checked on every
 * request before the operation runs, so a refused request writes nothing.
 *
 * - **Text PostgreSQL cannot store is refused, not stored**: a NUL character (U+0000, `%00` in a
 *   query or path) or a lone UTF-16 surrogate (`"\ud800"` without its pair), in any JSON value or
 *   key at any depth, query value, path parameter or header, and a NUL in a `text/csv` body.
 *   Well-formed text (emoji included) is stored as sent.
 * - **No `__proto__` keys**: a JSON object key `__proto__`, at any depth, is refused (JavaScript
 *   reads it as an object's prototype, not as data). Other names (`constructor`, `toString`) are
 *   ordinary keys, and a field path into tenant data reads only keys the data really has.
 * - **JSON bodies**: nesting depth 32 (the body itself is level 1), 1,000 keys per object, 1,000
 *   items per array, 200,000 characters per string; the body itself at most 1 MiB (413,
 *   `ECODRIX_BODY_LIMIT_BYTES`). Where an operation's schema sets a lower limit, that one applies.
 * - **Tags**: at most 100 per lead. A tag edit that would pass it is refused whole (400 on
 *   `body.add`); an import row that would is listed in `errors` and not applied; an `add_tag`
 *   action fails with the limit as its reason. Tags the lead already has are no change.
 */
export class Api<
  SecurityDataType extends unknown,
> extends HttpClient<SecurityDataType> {
  meta = {
    /**
     * @description A small page linking to the API reference (`/docs`) and this document (`/openapi.json`).
     *
     * @tags meta
     * @name MetaIndex
     * @summary Where to start
     * @request GET:/
     */
    metaIndex: (params: RequestParams = {}) =>
      this.request<ClientCode, any>({
        path: `/`,
        method: "GET",
        ...params,
      }),

    /**
     * @description An interactive reference of this document (Scalar), with "try it" calls against this server. It works offline: its script is served by this server (`/docs/api-reference.js`), not a CDN.
     *
     * @tags meta
     * @name MetaDocs
     * @summary The API reference
     * @request GET:/docs
     */
    metaDocs: (params: RequestParams = {}) =>
      this.request<ClientCode, any>({
        path: `/docs`,
        method: "GET",
        ...params,
      }),

    /**
     * @description The Scalar API reference bundle the `/docs` page runs, from the server's own dependencies.
     *
     * @tags meta
     * @name MetaDocsScript
     * @summary The API reference's script
     * @request GET:/docs/api-reference.js
     */
    metaDocsScript: (params: RequestParams = {}) =>
      this.request<ClientCode, any>({
        path: `/docs/api-reference.js`,
        method: "GET",
        ...params,
      }),

    /**
     * @description The bundled OpenAPI 3.1 contract the server is built from.
     *
     * @tags meta
     * @name MetaOpenapi
     * @summary This OpenAPI document
     * @request GET:/openapi.json
     */
    metaOpenapi: (params: RequestParams = {}) =>
      this.request<
        {
          openapi: string;
          info: object;
          paths: object;
        },
        any
      >({
        path: `/openapi.json`,
        method: "GET",
        format: "json",
        ...params,
      }),
  };
  monitoring = {
    /**
     * @description Public liveness and database check. Answers 503 when the database is unreachable.
     *
     * @tags monitoring
     * @name HealthGet
     * @summary Server health
     * @request GET:/api/saas/health
     */
    healthGet: (params: RequestParams = {}) =>
      this.request<
        SuccessEnvelope & {
          data: Health;
        },
        ErrorEnvelope
      >({
        path: `/api/saas/health`,
        method: "GET",
        format: "json",
        ...params,
      }),

    /**
     * @description The calling tenant's integrations (WhatsApp, email, Google Meet), how many automation rules are enabled, and how many of its background jobs are queued or running.
     *
     * @tags monitoring
     * @name HealthClient
     * @summary Tenant health
     * @request GET:/api/saas/health/client
     * @secure
     */
    healthClient: (params: RequestParams = {}) =>
      this.request<
        SuccessEnvelope & {
          data: ClientHealth;
        },
        ErrorEnvelope
      >({
        path: `/api/saas/health/client`,
        method: "GET",
        secure: true,
        format: "json",
        ...params,
      }),
  };
  cors = {
    /**
     * No description
     *
     * @tags cors
     * @name CorsList
     * @summary List allowed browser origins
     * @request GET:/api/saas/cors
     * @secure
     */
    corsList: (params: RequestParams = {}) =>
      this.request<CorsOriginsEnvelope, ErrorEnvelope>({
        path: `/api/saas/cors`,
        method: "GET",
        secure: true,
        format: "json",
        ...params,
      }),

    /**
     * @description Allows browser code served from `url`'s origin to call the API for this tenant. Adding an origin that is already allowed changes nothing and answers 200.
     *
     * @tags cors
     * @name CorsAdd
     * @summary Allow a browser origin
     * @request POST:/api/saas/cors
     * @secure
     */
    corsAdd: (data: CorsOriginRequest, params: RequestParams = {}) =>
      this.request<CorsOriginsEnvelope, ErrorEnvelope>({
        path: `/api/saas/cors`,
        method: "POST",
        body: data,
        secure: true,
        type: "application/json",
        format: "json",
        ...params,
      }),

    /**
     * No description
     *
     * @tags cors
     * @name CorsRemove
     * @summary Stop allowing a browser origin
     * @request DELETE:/api/saas/cors
     * @secure
     */
    corsRemove: (data: CorsOriginRequest, params: RequestParams = {}) =>
      this.request<CorsOriginsEnvelope, ErrorEnvelope>({
        path: `/api/saas/cors`,
        method: "DELETE",
        body: data,
        secure: true,
        type: "application/json",
        format: "json",
        ...params,
      }),
  };
  clients = {
    /**
     * @description Creates a tenant, its isolated schema and its first API key. Without `clientCode` one is derived from the name. `apiKey` and `webhookSecret` are shown only in this answer.
     *
     * @tags clients
     * @name ClientsCreate
     * @summary Create a client (tenant)
     * @request POST:/api/clients
     * @secure
     */
    clientsCreate: (data: CreateClientRequest, params: RequestParams = {}) =>
      this.request<
        SuccessEnvelope & {
          /** A new tenant's credentials. `apiKey` and `webhookSecret` are shown only in this answer. */
          data: ClientCredentials;
        },
        ErrorEnvelope
      >({
        path: `/api/clients`,
        method: "POST",
        body: data,
        secure: true,
        type: "application/json",
        format: "json",
        ...params,
      }),

    /**
     * No description
     *
     * @tags clients
     * @name ClientsList
     * @summary List clients
     * @request GET:/api/clients
     * @secure
     */
    clientsList: (
      query?: {
        /**
         * 1-based page number.
         * @min 1
         * @default 1
         */
        page?: number;
        /**
         * Items per page (at most 100).
         * @min 1
         * @max 100
         * @default 25
         */
        limit?: number;
      },
      params: RequestParams = {},
    ) =>
      this.request<
        SuccessEnvelope &
          Pagination & {
            data: Client[];
          },
        ErrorEnvelope
      >({
        path: `/api/clients`,
        method: "GET",
        query: query,
        secure: true,
        format: "json",
        ...params,
      }),

    /**
     * @description The client with which secrets are set (never their values), its datasource and CORS origins.
     *
     * @tags clients
     * @name ClientsGet
     * @summary Get a client
     * @request GET:/api/clients/{code}
     * @secure
     */
    clientsGet: (code: string, params: RequestParams = {}) =>
      this.request<ClientEnvelope, ErrorEnvelope>({
        path: `/api/clients/${code}`,
        method: "GET",
        secure: true,
        format: "json",
        ...params,
      }),

    /**
     * @description Renames the tenant or changes its `defaultCountry`, the country its phone numbers written without a country code are read in from now on (stored numbers are E.164 and stay as they are).
     *
     * @tags clients
     * @name ClientsUpdate
     * @summary Update a client
     * @request PATCH:/api/clients/{code}
     * @secure
     */
    clientsUpdate: (
      code: string,
      data: UpdateClientRequest,
      params: RequestParams = {},
    ) =>
      this.request<ClientEnvelope, ErrorEnvelope>({
        path: `/api/clients/${code}`,
        method: "PATCH",
        body: data,
        secure: true,
        type: "application/json",
        format: "json",
        ...params,
      }),

    /**
     * @description Stores the given secrets encrypted (AES-256-GCM under the master key); `null` removes one. The answer says which secrets are set, never their values. `whatsappPhoneNumberId` also routes Meta's shared webhook (`POST /api/webhooks/whatsapp`) to this client: a number id another client already has is refused with 409 `CONFLICT`.
     *
     * @tags clients
     * @name ClientsSetSecrets
     * @summary Set a client's secrets
     * @request POST:/api/clients/{code}/secrets
     * @secure
     */
    clientsSetSecrets: (
      code: string,
      data: SecretsUpdate,
      params: RequestParams = {},
    ) =>
      this.request<
        SuccessEnvelope & {
          data: {
            /** Tenant identifier; lowercase letters, digits and underscores, starting with a letter. */
            clientCode: ClientCode;
            /**
             * Which secrets are set (true) or not (false). Values are never shown. `googleRefreshToken` is
             * stored by the Google OAuth callback (`GET /api/auth/google/connect`), never by the secrets route.
             */
            secrets: SecretsStatus;
          };
        },
        ErrorEnvelope
      >({
        path: `/api/clients/${code}/secrets`,
        method: "POST",
        body: data,
        secure: true,
        type: "application/json",
        format: "json",
        ...params,
      }),

    /**
     * @description Points the tenant at its own PostgreSQL database. ECODrIx connects, creates the tenant schema there and runs its migrations before switching; the URI is stored encrypted. Existing data is not copied: set the datasource before the tenant stores data.
     *
     * @tags clients
     * @name ClientsSetDatasource
     * @summary Move a client's data to its own database
     * @request POST:/api/clients/{code}/datasource
     * @secure
     */
    clientsSetDatasource: (
      code: string,
      data: DatasourceRequest,
      params: RequestParams = {},
    ) =>
      this.request<ClientEnvelope, ErrorEnvelope>({
        path: `/api/clients/${code}/datasource`,
        method: "POST",
        body: data,
        secure: true,
        type: "application/json",
        format: "json",
        ...params,
      }),

    /**
     * @description Issues a new API key (shown once) and retires the current ones, at once or after `gracePeriodSeconds`.
     *
     * @tags clients
     * @name ClientsRotateApiKey
     * @summary Rotate a client's API key
     * @request POST:/api/clients/{code}/api-keys/rotate
     * @secure
     */
    clientsRotateApiKey: (
      code: string,
      data?: RotateApiKeyRequest,
      params: RequestParams = {},
    ) =>
      this.request<
        SuccessEnvelope & {
          data: RotatedApiKey;
        },
        ErrorEnvelope
      >({
        path: `/api/clients/${code}/api-keys/rotate`,
        method: "POST",
        body: data,
        secure: true,
        type: "application/json",
        format: "json",
        ...params,
      }),
  };
  auth = {
    /**
     * @description Onboarding step 4 starts here. The answer's `url` is opened in a browser by the operator, who signs in with the Google account whose calendar will hold the client's meetings (`GET /api/auth/google/connect`). The link carries a one-time token (256 random bits, kept only as a hash): it works once, for 10 minutes, for this client only. Issue a new one to reconnect or when it expired; a new consent replaces the stored token.
     *
     * @tags auth
     * @name AuthCreateGoogleConnectLink
     * @summary Issue a link that connects a client's Google Calendar (for Meet links)
     * @request POST:/api/clients/{code}/google/connect-link
     * @secure
     */
    authCreateGoogleConnectLink: (code: string, params: RequestParams = {}) =>
      this.request<
        SuccessEnvelope & {
          /** A link that connects a client's Google Calendar, to open once in a browser. */
          data: GoogleConnectLink;
        },
        ErrorEnvelope
      >({
        path: `/api/clients/${code}/google/connect-link`,
        method: "POST",
        secure: true,
        format: "json",
        ...params,
      }),

    /**
     * @description Onboarding step 4: the operator opens, in a browser, the link `POST /api/clients/{code}/google/connect-link` issued, signs in with the Google account whose calendar will hold the client's meetings, and grants access to calendar events. The answer is a redirect to Google's consent screen (offline access, so Google issues a refresh token); Google then sends the browser to `GET /api/auth/google/callback`. **Why it takes a token.** A browser following a link cannot send the admin bearer key, and putting it in a URL would leak it into browser history and logs. The link's `token` is one the admin API issued for this client: it works once and for 10 minutes, so knowing a client code is not enough to connect a Google account to it. Opening the link uses it up and starts the consent: the `state` handed to Google is 256 random bits, stored (as a hash) with the client code for 10 minutes and deleted by the callback that uses it, so a callback cannot be forged, replayed or pointed at another client.
     *
     * @tags auth
     * @name AuthGoogleConnect
     * @summary Start connecting a client's Google Calendar (the connect link)
     * @request GET:/api/auth/google/connect
     */
    authGoogleConnect: (
      query: {
        /** The client whose calendar is being connected. */
        clientCode: ClientCode;
        /**
         * The connect link's one-time token.
         * @minLength 1
         * @maxLength 200
         */
        token: string;
      },
      params: RequestParams = {},
    ) =>
      this.request<any, void | ErrorEnvelope>({
        path: `/api/auth/google/connect`,
        method: "GET",
        query: query,
        ...params,
      }),

    /**
     * @description Where Google sends the browser after the consent started by a connect link (`GET /api/auth/google/connect`). The `state` must be one that route issued in the last 10 minutes and not used yet. The authorization `code` is exchanged for tokens and the refresh token is stored encrypted as the client's `googleRefreshToken` secret (replacing any earlier one). A browser gets a small HTML page; a request with `Accept: application/json` gets the JSON envelope.
     *
     * @tags auth
     * @name AuthGoogleCallback
     * @summary Finish connecting a client's Google Calendar (OAuth redirect target)
     * @request GET:/api/auth/google/callback
     */
    authGoogleCallback: (
      query: {
        /**
         * @minLength 1
         * @maxLength 200
         */
        state: string;
        /**
         * The authorization code; absent when the consent was refused.
         * @minLength 1
         * @maxLength 2048
         */
        code?: string;
        /**
         * Google's reason when no code was issued (e.g. `access_denied`).
         * @maxLength 200
         */
        error?: string;
      },
      params: RequestParams = {},
    ) =>
      this.request<ClientCode, ErrorEnvelope>({
        path: `/api/auth/google/callback`,
        method: "GET",
        query: query,
        format: "json",
        ...params,
      }),
  };
  leads = {
    /**
     * @description Creates a lead in the default pipeline's first stage unless `pipelineId`/`stageId` say otherwise. A tenant without pipelines gets the default "sales" pipeline (7 stages) first. At most one open lead per phone: a second one answers 409 `LEAD_EXISTS`. A `pipelineId` or `stageId` that names no pipeline or stage of this tenant answers 404.
     *
     * @tags leads
     * @name LeadsCreate
     * @summary Create a lead
     * @request POST:/api/crm/leads
     * @secure
     */
    leadsCreate: (data: CreateLeadRequest, params: RequestParams = {}) =>
      this.request<LeadEnvelope, ErrorEnvelope>({
        path: `/api/crm/leads`,
        method: "POST",
        body: data,
        secure: true,
        type: "application/json",
        format: "json",
        ...params,
      }),

    /**
     * @description Filters, sorts and paginates leads. Archived leads are left out unless `status=archived`. `search` matches name, email, phone and deal title.
     *
     * @tags leads
     * @name LeadsList
     * @summary List leads
     * @request GET:/api/crm/leads
     * @secure
     */
    leadsList: (
      query?: {
        status?: LeadStatus;
        /**
         * Only leads of this pipeline (an unknown id matches none).
         * @maxLength 64
         */
        pipelineId?: string;
        /**
         * Only leads in this stage (an unknown id matches none).
         * @maxLength 64
         */
        stageId?: string;
        /** @maxLength 100 */
        source?: string;
        /** @maxLength 100 */
        assignedTo?: string;
        /**
         * Comma-separated; a lead must carry all of them.
         * @maxLength 500
         * @example "hot,vip"
         */
        tags?: string;
        /**
         * @min 0
         * @max 100
         */
        minScore?: number;
        /**
         * @minLength 1
         * @maxLength 100
         */
        search?: string;
        /**
         * Matches `metadata.refs.appointmentId`.
         * @maxLength 200
         */
        appointmentId?: string;
        /**
         * Matches `metadata.refs.bookingId`.
         * @maxLength 200
         */
        bookingId?: string;
        /**
         * Matches `metadata.refs.orderId`.
         * @maxLength 200
         */
        orderId?: string;
        /**
         * 1-based page number.
         * @min 1
         * @default 1
         */
        page?: number;
        /**
         * Items per page (at most 100).
         * @min 1
         * @max 100
         * @default 25
         */
        limit?: number;
        /** @default "createdAt" */
        sortBy?:
          | "score"
          | "createdAt"
          | "updatedAt"
          | "dealValue"
          | "lastContactedAt";
        /** @default "desc" */
        sortDir?: "asc" | "desc";
      },
      params: RequestParams = {},
    ) =>
      this.request<
        SuccessEnvelope &
          Pagination & {
            data: Lead[];
          },
        ErrorEnvelope
      >({
        path: `/api/crm/leads`,
        method: "GET",
        query: query,
        secure: true,
        format: "json",
        ...params,
      }),

    /**
     * @description The lead's core fields, and the keys found in leads' `metadata.refs` and `metadata.extra`.
     *
     * @tags leads
     * @name LeadsFields
     * @summary List mappable lead fields
     * @request GET:/api/crm/fields
     * @secure
     */
    leadsFields: (params: RequestParams = {}) =>
      this.request<
        SuccessEnvelope & {
          data: {
            core: {
              key: string;
              type: "string" | "number" | "date" | "array";
            }[];
            refs: string[];
            extra: string[];
          };
        },
        ErrorEnvelope
      >({
        path: `/api/crm/fields`,
        method: "GET",
        secure: true,
        format: "json",
        ...params,
      }),

    /**
     * @description Streams every lead matching the filters (the same as for listing) as CSV with a header row, in the chosen order.
     *
     * @tags leads
     * @name LeadsExport
     * @summary Export leads as CSV
     * @request GET:/api/crm/leads/export
     * @secure
     */
    leadsExport: (
      query?: {
        status?: LeadStatus;
        /**
         * Only leads of this pipeline (an unknown id matches none).
         * @maxLength 64
         */
        pipelineId?: string;
        /**
         * Only leads in this stage (an unknown id matches none).
         * @maxLength 64
         */
        stageId?: string;
        /** @maxLength 100 */
        source?: string;
        /** @maxLength 100 */
        assignedTo?: string;
        /**
         * Comma-separated; a lead must carry all of them.
         * @maxLength 500
         * @example "hot,vip"
         */
        tags?: string;
        /**
         * @min 0
         * @max 100
         */
        minScore?: number;
        /**
         * @minLength 1
         * @maxLength 100
         */
        search?: string;
        /**
         * Matches `metadata.refs.appointmentId`.
         * @maxLength 200
         */
        appointmentId?: string;
        /**
         * Matches `metadata.refs.bookingId`.
         * @maxLength 200
         */
        bookingId?: string;
        /**
         * Matches `metadata.refs.orderId`.
         * @maxLength 200
         */
        orderId?: string;
        /** @default "createdAt" */
        sortBy?:
          | "score"
          | "createdAt"
          | "updatedAt"
          | "dealValue"
          | "lastContactedAt";
        /** @default "desc" */
        sortDir?: "asc" | "desc";
      },
      params: RequestParams = {},
    ) =>
      this.request<ClientCode, ErrorEnvelope>({
        path: `/api/crm/leads/export`,
        method: "GET",
        query: query,
        secure: true,
        ...params,
      }),

    /**
     * @description Upserts up to 1000 leads by phone in one transaction: an open lead with the same (normalised) phone is updated with the fields given, otherwise a lead is created in the default pipeline. Send JSON `{ "leads": [...] }` or `text/csv` with a header row of the same field names. Rows that are invalid are skipped and listed in `errors`; more than 1000 rows, or CSV that cannot be parsed, is refused whole (400, nothing written).
     *
     * @tags leads
     * @name LeadsImport
     * @summary Import leads (upsert by phone)
     * @request POST:/api/crm/leads/import
     * @secure
     */
    leadsImport: (
      data?: {
        /**
         * Rows shaped like ImportLeadRow; each is validated on its own.
         * @maxItems 1000
         * @minItems 1
         */
        leads: Record<string, any>[];
      },
      params: RequestParams = {},
    ) =>
      this.request<
        SuccessEnvelope & {
          data: ImportLeadsResult;
        },
        ErrorEnvelope
      >({
        path: `/api/crm/leads/import`,
        method: "POST",
        body: data,
        secure: true,
        type: "application/json",
        format: "json",
        ...params,
      }),

    /**
     * @description The most recently created lead whose `metadata.refs[field]` equals `value`.
     *
     * @tags leads
     * @name LeadsGetByRef
     * @summary Find a lead by an external reference
     * @request GET:/api/crm/leads/by-ref
     * @secure
     */
    leadsGetByRef: (
      query: {
        /**
         * @pattern ^[A-Za-z][A-Za-z0-9_]{0,63}$
         * @example "appointmentId"
         */
        field: string;
        /**
         * @minLength 1
         * @maxLength 200
         * @example "6abc"
         */
        value: string;
      },
      params: RequestParams = {},
    ) =>
      this.request<LeadEnvelope, ErrorEnvelope>({
        path: `/api/crm/leads/by-ref`,
        method: "GET",
        query: query,
        secure: true,
        format: "json",
        ...params,
      }),

    /**
     * @description One lead with its pipeline and stage.
     *
     * @tags leads
     * @name LeadsGet
     * @summary Get a lead
     * @request GET:/api/crm/leads/{leadId}
     * @secure
     */
    leadsGet: (leadId: string, params: RequestParams = {}) =>
      this.request<LeadEnvelope, ErrorEnvelope>({
        path: `/api/crm/leads/${leadId}`,
        method: "GET",
        secure: true,
        format: "json",
        ...params,
      }),

    /**
     * @description Changes core fields (name, phone, email, deal, assignment); each changed field is recorded on the timeline.
     *
     * @tags leads
     * @name LeadsUpdate
     * @summary Update a lead's fields
     * @request PATCH:/api/crm/leads/{leadId}
     * @secure
     */
    leadsUpdate: (
      leadId: string,
      data: UpdateLeadRequest,
      params: RequestParams = {},
    ) =>
      this.request<LeadEnvelope, ErrorEnvelope>({
        path: `/api/crm/leads/${leadId}`,
        method: "PATCH",
        body: data,
        secure: true,
        type: "application/json",
        format: "json",
        ...params,
      }),

    /**
     * @description Adds and removes tags in one change; concurrent edits never lose each other's tags. Each tag added or removed is recorded on the timeline and as a tag_added / tag_removed event.
     *
     * @tags leads
     * @name LeadsEditTags
     * @summary Add or remove tags atomically
     * @request PATCH:/api/crm/leads/{leadId}/tags
     * @secure
     */
    leadsEditTags: (
      leadId: string,
      data: LeadTagsRequest,
      params: RequestParams = {},
    ) =>
      this.request<LeadEnvelope, ErrorEnvelope>({
        path: `/api/crm/leads/${leadId}/tags`,
        method: "PATCH",
        body: data,
        secure: true,
        type: "application/json",
        format: "json",
        ...params,
      }),

    /**
     * @description Moves the lead to a stage of its pipeline (a stage of another pipeline is refused with 400), recording the move and stage_exit / stage_enter events.
     *
     * @tags leads
     * @name LeadsMove
     * @summary Move a lead to another stage
     * @request PATCH:/api/crm/leads/{leadId}/move
     * @secure
     */
    leadsMove: (
      leadId: string,
      data: MoveLeadRequest,
      params: RequestParams = {},
    ) =>
      this.request<LeadEnvelope, ErrorEnvelope>({
        path: `/api/crm/leads/${leadId}/move`,
        method: "PATCH",
        body: data,
        secure: true,
        type: "application/json",
        format: "json",
        ...params,
      }),

    /**
     * @description Soft-archives the lead: it leaves every listing (unless status=archived is asked for) and frees its phone for a new open lead.
     *
     * @tags leads
     * @name LeadsArchive
     * @summary Archive a lead
     * @request PATCH:/api/crm/leads/{leadId}/archive
     * @secure
     */
    leadsArchive: (leadId: string, params: RequestParams = {}) =>
      this.request<LeadEnvelope, ErrorEnvelope>({
        path: `/api/crm/leads/${leadId}/archive`,
        method: "PATCH",
        secure: true,
        format: "json",
        ...params,
      }),

    /**
     * @description Merges refs and extra into the lead's metadata without touching core fields (a key set to null is removed).
     *
     * @tags leads
     * @name LeadsUpdateMetadata
     * @summary Merge a lead's references and extra data
     * @request PATCH:/api/crm/leads/{leadId}/metadata
     * @secure
     */
    leadsUpdateMetadata: (
      leadId: string,
      data: LeadMetadataUpdate,
      params: RequestParams = {},
    ) =>
      this.request<LeadEnvelope, ErrorEnvelope>({
        path: `/api/crm/leads/${leadId}/metadata`,
        method: "PATCH",
        body: data,
        secure: true,
        type: "application/json",
        format: "json",
        ...params,
      }),

    /**
     * @description Sets status won or lost with a reason and closedAt, and moves the lead to its pipeline's won or lost stage when it has one.
     *
     * @tags leads
     * @name LeadsConvert
     * @summary Mark a lead won or lost
     * @request PATCH:/api/crm/leads/{leadId}/convert
     * @secure
     */
    leadsConvert: (
      leadId: string,
      data: ConvertLeadRequest,
      params: RequestParams = {},
    ) =>
      this.request<LeadEnvelope, ErrorEnvelope>({
        path: `/api/crm/leads/${leadId}/convert`,
        method: "PATCH",
        body: data,
        secure: true,
        type: "application/json",
        format: "json",
        ...params,
      }),

    /**
     * @description One Kanban column — the stage's open leads (or another status), paginated and sorted like the lead list.
     *
     * @tags leads
     * @name LeadsListInStage
     * @summary List the leads of a stage
     * @request GET:/api/crm/pipelines/{pipelineId}/stages/{stageId}/leads
     * @secure
     */
    leadsListInStage: (
      pipelineId: string,
      stageId: string,
      query?: {
        status?: LeadStatus;
        /**
         * 1-based page number.
         * @min 1
         * @default 1
         */
        page?: number;
        /**
         * Items per page (at most 100).
         * @min 1
         * @max 100
         * @default 25
         */
        limit?: number;
        /** @default "createdAt" */
        sortBy?:
          | "score"
          | "createdAt"
          | "updatedAt"
          | "dealValue"
          | "lastContactedAt";
        /** @default "desc" */
        sortDir?: "asc" | "desc";
      },
      params: RequestParams = {},
    ) =>
      this.request<
        SuccessEnvelope &
          Pagination & {
            data: Lead[];
          },
        ErrorEnvelope
      >({
        path: `/api/crm/pipelines/${pipelineId}/stages/${stageId}/leads`,
        method: "GET",
        query: query,
        secure: true,
        format: "json",
        ...params,
      }),
  };
  activities = {
    /**
     * @description Activities and notes merged, newest first (ties broken by id), paginated across both kinds; each item says its `kind`.
     *
     * @tags activities
     * @name TimelineGet
     * @summary Get a lead's timeline
     * @request GET:/api/crm/leads/{leadId}/timeline
     * @secure
     */
    timelineGet: (
      leadId: string,
      query?: {
        /**
         * 1-based page number.
         * @min 1
         * @default 1
         */
        page?: number;
        /**
         * Items per page (at most 100).
         * @min 1
         * @max 100
         * @default 25
         */
        limit?: number;
      },
      params: RequestParams = {},
    ) =>
      this.request<
        SuccessEnvelope &
          Pagination & {
            data: TimelineItem[];
          },
        ErrorEnvelope
      >({
        path: `/api/crm/leads/${leadId}/timeline`,
        method: "GET",
        query: query,
        secure: true,
        format: "json",
        ...params,
      }),

    /**
     * @description The lead's activities (manual and system ones), newest first.
     *
     * @tags activities
     * @name ActivitiesList
     * @summary List a lead's activities
     * @request GET:/api/crm/leads/{leadId}/activities
     * @secure
     */
    activitiesList: (
      leadId: string,
      query?: {
        /**
         * Only activities of this type (a manual type or a system one such as `stage_moved`).
         * @minLength 1
         * @maxLength 50
         * @example "meeting"
         */
        type?: string;
        /**
         * 1-based page number.
         * @min 1
         * @default 1
         */
        page?: number;
        /**
         * Items per page (at most 100).
         * @min 1
         * @max 100
         * @default 25
         */
        limit?: number;
      },
      params: RequestParams = {},
    ) =>
      this.request<
        SuccessEnvelope &
          Pagination & {
            data: Activity[];
          },
        ErrorEnvelope
      >({
        path: `/api/crm/leads/${leadId}/activities`,
        method: "GET",
        query: query,
        secure: true,
        format: "json",
        ...params,
      }),

    /**
     * @description Records a meeting, email, call, WhatsApp message, task or custom activity and sets the lead's `lastContactedAt` to now, in one transaction.
     *
     * @tags activities
     * @name ActivitiesCreate
     * @summary Log a manual activity
     * @request POST:/api/crm/leads/{leadId}/activities
     * @secure
     */
    activitiesCreate: (
      leadId: string,
      data: CreateActivityRequest,
      params: RequestParams = {},
    ) =>
      this.request<ActivityEnvelope, ErrorEnvelope>({
        path: `/api/crm/leads/${leadId}/activities`,
        method: "POST",
        body: data,
        secure: true,
        type: "application/json",
        format: "json",
        ...params,
      }),

    /**
     * @description Shortcut for a `call` activity titled `Call (<n> min)` whose body is the summary and whose data is `{durationMinutes, outcome}`; sets the lead's `lastContactedAt` to now.
     *
     * @tags activities
     * @name ActivitiesLogCall
     * @summary Log a phone call
     * @request POST:/api/crm/leads/{leadId}/calls
     * @secure
     */
    activitiesLogCall: (
      leadId: string,
      data: LogCallRequest,
      params: RequestParams = {},
    ) =>
      this.request<ActivityEnvelope, ErrorEnvelope>({
        path: `/api/crm/leads/${leadId}/calls`,
        method: "POST",
        body: data,
        secure: true,
        type: "application/json",
        format: "json",
        ...params,
      }),

    /**
     * @description Also writes a `note_added` activity (data `{noteId}`) to the lead's timeline, in the same transaction.
     *
     * @tags activities
     * @name NotesCreate
     * @summary Add a note to a lead
     * @request POST:/api/crm/leads/{leadId}/notes
     * @secure
     */
    notesCreate: (
      leadId: string,
      data: CreateNoteRequest,
      params: RequestParams = {},
    ) =>
      this.request<NoteEnvelope, ErrorEnvelope>({
        path: `/api/crm/leads/${leadId}/notes`,
        method: "POST",
        body: data,
        secure: true,
        type: "application/json",
        format: "json",
        ...params,
      }),

    /**
     * @description Every note of the lead (not paginated), pinned notes first, then newest first.
     *
     * @tags activities
     * @name NotesList
     * @summary List a lead's notes
     * @request GET:/api/crm/leads/{leadId}/notes
     * @secure
     */
    notesList: (leadId: string, params: RequestParams = {}) =>
      this.request<
        SuccessEnvelope & {
          data: Note[];
        },
        ErrorEnvelope
      >({
        path: `/api/crm/leads/${leadId}/notes`,
        method: "GET",
        secure: true,
        format: "json",
        ...params,
      }),

    /**
     * @description Also writes a `note_edited` activity (data `{noteId}`) to the lead's timeline, in the same transaction.
     *
     * @tags activities
     * @name NotesUpdate
     * @summary Edit a note's content
     * @request PATCH:/api/crm/notes/{noteId}
     * @secure
     */
    notesUpdate: (
      noteId: string,
      data: UpdateNoteRequest,
      params: RequestParams = {},
    ) =>
      this.request<NoteEnvelope, ErrorEnvelope>({
        path: `/api/crm/notes/${noteId}`,
        method: "PATCH",
        body: data,
        secure: true,
        type: "application/json",
        format: "json",
        ...params,
      }),

    /**
     * @description Also writes a `note_deleted` activity (data `{noteId}`) to the lead's timeline, in the same transaction.
     *
     * @tags activities
     * @name NotesDelete
     * @summary Delete a note
     * @request DELETE:/api/crm/notes/{noteId}
     * @secure
     */
    notesDelete: (noteId: string, params: RequestParams = {}) =>
      this.request<
        SuccessEnvelope & {
          data: {
            id: string;
            deleted: true;
          };
        },
        ErrorEnvelope
      >({
        path: `/api/crm/notes/${noteId}`,
        method: "DELETE",
        secure: true,
        format: "json",
        ...params,
      }),

    /**
     * @description Flips the note's `isPinned` (atomically, so two toggles always cancel out). No body.
     *
     * @tags activities
     * @name NotesTogglePin
     * @summary Pin or unpin a note
     * @request PATCH:/api/crm/notes/{noteId}/pin
     * @secure
     */
    notesTogglePin: (noteId: string, params: RequestParams = {}) =>
      this.request<NoteEnvelope, ErrorEnvelope>({
        path: `/api/crm/notes/${noteId}/pin`,
        method: "PATCH",
        secure: true,
        format: "json",
        ...params,
      }),
  };
  analytics = {
    /**
     * @description Lead counts, pipeline and won value, conversion rate and average score for the range.
     *
     * @tags analytics
     * @name AnalyticsOverview
     * @summary CRM KPIs
     * @request GET:/api/crm/analytics/overview
     * @secure
     */
    analyticsOverview: (
      query?: {
        /**
         * How far back to look: leads (for the heatmap, activities) created within the last 7, 30, 90 or
         * 365 days.
         * @default "30d"
         */
        range?: "7d" | "30d" | "90d" | "365d";
      },
      params: RequestParams = {},
    ) =>
      this.request<
        SuccessEnvelope & {
          /**
           * KPIs over the non-archived leads created in the range. `pipelineValue` sums the open leads' deal
           * values, `wonValue` the won ones'. `conversionRate` is won / (won + lost). `avgScore` is rounded
           * to 2 decimals. `byStage` counts the open leads per stage of the default pipeline (every stage,
           * in board order; empty when the tenant has no pipeline).
           */
          data: AnalyticsOverview;
        },
        ErrorEnvelope
      >({
        path: `/api/crm/analytics/overview`,
        method: "GET",
        query: query,
        secure: true,
        format: "json",
        ...params,
      }),

    /**
     * @description Leads that reached each stage of a pipeline, with conversion between stages.
     *
     * @tags analytics
     * @name AnalyticsFunnel
     * @summary Stage funnel
     * @request GET:/api/crm/analytics/funnel
     * @secure
     */
    analyticsFunnel: (
      query?: {
        /**
         * How far back to look: leads (for the heatmap, activities) created within the last 7, 30, 90 or
         * 365 days.
         * @default "30d"
         */
        range?: "7d" | "30d" | "90d" | "365d";
        /**
         * The pipeline to report on; the tenant's default pipeline when left out. An unknown, malformed or another tenant's id answers 404 PIPELINE_NOT_FOUND.
         * @maxLength 64
         */
        pipelineId?: string;
      },
      params: RequestParams = {},
    ) =>
      this.request<
        SuccessEnvelope & {
          /**
           * A cumulative "reached" funnel over the pipeline's stages that are not lost stages, in board order.
           * A stage's `count` is the number of non-archived leads created in the range whose current stage is
           * that stage or a later (non-lost) one, so counts never grow down the funnel; leads sitting in a
           * lost stage are not counted. `conversionFromPrevious` is count / the previous stage's count (1 for
           * the first stage with leads), `conversionFromFirst` count / the first stage's count.
           */
          data: AnalyticsFunnel;
        },
        ErrorEnvelope
      >({
        path: `/api/crm/analytics/funnel`,
        method: "GET",
        query: query,
        secure: true,
        format: "json",
        ...params,
      }),

    /**
     * @description The pipeline forecast (open deal value times stage probability, as `GET /api/crm/pipelines/{pipelineId}/forecast`) over the open leads created in the range; zeros when the tenant has no pipeline.
     *
     * @tags analytics
     * @name AnalyticsForecast
     * @summary Revenue forecast
     * @request GET:/api/crm/analytics/forecast
     * @secure
     */
    analyticsForecast: (
      query?: {
        /**
         * How far back to look: leads (for the heatmap, activities) created within the last 7, 30, 90 or
         * 365 days.
         * @default "30d"
         */
        range?: "7d" | "30d" | "90d" | "365d";
        /**
         * The pipeline to report on; the tenant's default pipeline when left out. An unknown, malformed or another tenant's id answers 404 PIPELINE_NOT_FOUND.
         * @maxLength 64
         */
        pipelineId?: string;
      },
      params: RequestParams = {},
    ) =>
      this.request<
        SuccessEnvelope & {
          /**
           * Open leads' deal value per stage weighted by the stage's probability.
           * `grandTotal` is the sum of `expectedRevenue`, `totalPipeline` the sum of `totalValue`.
           */
          data: PipelineForecast;
        },
        ErrorEnvelope
      >({
        path: `/api/crm/analytics/forecast`,
        method: "GET",
        query: query,
        secure: true,
        format: "json",
        ...params,
      }),

    /**
     * @description Leads per source with their conversion rate and deal value.
     *
     * @tags analytics
     * @name AnalyticsSources
     * @summary Lead sources
     * @request GET:/api/crm/analytics/sources
     * @secure
     */
    analyticsSources: (
      query?: {
        /**
         * How far back to look: leads (for the heatmap, activities) created within the last 7, 30, 90 or
         * 365 days.
         * @default "30d"
         */
        range?: "7d" | "30d" | "90d" | "365d";
      },
      params: RequestParams = {},
    ) =>
      this.request<
        SuccessEnvelope & {
          /**
           * Non-archived leads created in the range grouped by `source` (`(none)` when unset), most leads
           * first. `conversionRate` is won / (won + lost); `value` sums the deal values of all the source's leads.
           */
          data: AnalyticsSources;
        },
        ErrorEnvelope
      >({
        path: `/api/crm/analytics/sources`,
        method: "GET",
        query: query,
        secure: true,
        format: "json",
        ...params,
      }),

    /**
     * @description Leads, won deals, revenue and activity count per assignee.
     *
     * @tags analytics
     * @name AnalyticsTeam
     * @summary Team leaderboard
     * @request GET:/api/crm/analytics/team
     * @secure
     */
    analyticsTeam: (
      query?: {
        /**
         * How far back to look: leads (for the heatmap, activities) created within the last 7, 30, 90 or
         * 365 days.
         * @default "30d"
         */
        range?: "7d" | "30d" | "90d" | "365d";
      },
      params: RequestParams = {},
    ) =>
      this.request<
        SuccessEnvelope & {
          /**
           * One row per `assignedTo` of the non-archived leads created in the range: how many leads, how many
           * won, `revenue` (the won leads' deal value) and `activities` (activities performed by that person
           * in the range). Highest revenue first.
           */
          data: AnalyticsTeam;
        },
        ErrorEnvelope
      >({
        path: `/api/crm/analytics/team`,
        method: "GET",
        query: query,
        secure: true,
        format: "json",
        ...params,
      }),

    /**
     * @description Activities per day over the range, for a calendar view.
     *
     * @tags analytics
     * @name AnalyticsHeatmap
     * @summary Daily activity heatmap
     * @request GET:/api/crm/analytics/heatmap
     * @secure
     */
    analyticsHeatmap: (
      query?: {
        /**
         * How far back to look: leads (for the heatmap, activities) created within the last 7, 30, 90 or
         * 365 days.
         * @default "30d"
         */
        range?: "7d" | "30d" | "90d" | "365d";
      },
      params: RequestParams = {},
    ) =>
      this.request<
        SuccessEnvelope & {
          /**
           * Activities per UTC day, oldest first, one row for every day of the range ending today (days
           * without activity have count 0).
           */
          data: AnalyticsHeatmap;
        },
        ErrorEnvelope
      >({
        path: `/api/crm/analytics/heatmap`,
        method: "GET",
        query: query,
        secure: true,
        format: "json",
        ...params,
      }),

    /**
     * @description Leads per score bucket (0-20-40-60-80-100).
     *
     * @tags analytics
     * @name AnalyticsScores
     * @summary Score distribution
     * @request GET:/api/crm/analytics/scores
     * @secure
     */
    analyticsScores: (
      query?: {
        /**
         * How far back to look: leads (for the heatmap, activities) created within the last 7, 30, 90 or
         * 365 days.
         * @default "30d"
         */
        range?: "7d" | "30d" | "90d" | "365d";
      },
      params: RequestParams = {},
    ) =>
      this.request<
        SuccessEnvelope & {
          /**
           * Non-archived leads created in the range per score bucket: 0-19, 20-39, 40-59, 60-79 and 80-100
           * (all five, empty ones with count 0).
           */
          data: AnalyticsScores;
        },
        ErrorEnvelope
      >({
        path: `/api/crm/analytics/scores`,
        method: "GET",
        query: query,
        secure: true,
        format: "json",
        ...params,
      }),

    /**
     * @description Average hours leads spend in each stage of a pipeline (bottleneck detector).
     *
     * @tags analytics
     * @name AnalyticsStageTime
     * @summary Time per stage
     * @request GET:/api/crm/analytics/stage-time
     * @secure
     */
    analyticsStageTime: (
      query?: {
        /**
         * How far back to look: leads (for the heatmap, activities) created within the last 7, 30, 90 or
         * 365 days.
         * @default "30d"
         */
        range?: "7d" | "30d" | "90d" | "365d";
        /**
         * The pipeline to report on; the tenant's default pipeline when left out. An unknown, malformed or another tenant's id answers 404 PIPELINE_NOT_FOUND.
         * @maxLength 64
         */
        pipelineId?: string;
      },
      params: RequestParams = {},
    ) =>
      this.request<
        SuccessEnvelope & {
          /**
           * Average hours leads spent in each stage of the pipeline (every stage, board order), from the
           * stage-move history of the non-archived leads created in the range. A stay starts when the lead
           * entered the stage (its previous move, or its creation for the first stage) and ends at the move out
           * of it; only completed stays count (`samples`), and a stage without any has `avgHours` 0.
           */
          data: AnalyticsStageTime;
        },
        ErrorEnvelope
      >({
        path: `/api/crm/analytics/stage-time`,
        method: "GET",
        query: query,
        secure: true,
        format: "json",
        ...params,
      }),
  };
  scoring = {
    /**
     * @description Rules and hot/cold thresholds (defaults 70 and 20, no rules, until changed).
     *
     * @tags scoring
     * @name ScoringGet
     * @summary Get the scoring configuration
     * @request GET:/api/crm/scoring
     * @secure
     */
    scoringGet: (params: RequestParams = {}) =>
      this.request<ScoringConfigEnvelope, ErrorEnvelope>({
        path: `/api/crm/scoring`,
        method: "GET",
        secure: true,
        format: "json",
        ...params,
      }),

    /**
     * @description A lead's score is the sum of its matching rules' points, clamped to 0..100. Scores are recalculated whenever a lead changes, or on demand.
     *
     * @tags scoring
     * @name ScoringUpdate
     * @summary Update scoring rules and thresholds
     * @request PATCH:/api/crm/scoring
     * @secure
     */
    scoringUpdate: (data: UpdateScoringRequest, params: RequestParams = {}) =>
      this.request<ScoringConfigEnvelope, ErrorEnvelope>({
        path: `/api/crm/scoring`,
        method: "PATCH",
        body: data,
        secure: true,
        type: "application/json",
        format: "json",
        ...params,
      }),

    /**
     * @description Applies the current rules to the lead; crossing the hot or cold threshold records a score_above / score_below event.
     *
     * @tags scoring
     * @name ScoringRecalculate
     * @summary Recalculate one lead's score now
     * @request POST:/api/crm/scoring/{leadId}/recalculate
     * @secure
     */
    scoringRecalculate: (leadId: string, params: RequestParams = {}) =>
      this.request<
        SuccessEnvelope & {
          data: {
            leadId: string;
            score: number;
            previousScore: number;
            matchedRules: ScoringRule[];
          };
        },
        ErrorEnvelope
      >({
        path: `/api/crm/scoring/${leadId}/recalculate`,
        method: "POST",
        secure: true,
        format: "json",
        ...params,
      }),
  };
  pipelines = {
    /**
     * @description The tenant's pipelines that are not archived, default first, each with its stages in order.
     *
     * @tags pipelines
     * @name PipelinesList
     * @summary List pipelines
     * @request GET:/api/crm/pipelines
     * @secure
     */
    pipelinesList: (params: RequestParams = {}) =>
      this.request<
        SuccessEnvelope & {
          data: Pipeline[];
        },
        ErrorEnvelope
      >({
        path: `/api/crm/pipelines`,
        method: "GET",
        secure: true,
        format: "json",
        ...params,
      }),

    /**
     * @description Creates a pipeline from a built-in template (`sales`, `support`, `recruitment`, `marketing`, `appointment`, `product_purchase`) or from custom stages.
     *
     * @tags pipelines
     * @name PipelinesCreate
     * @summary Create a pipeline
     * @request POST:/api/crm/pipelines
     * @secure
     */
    pipelinesCreate: (
      data: CreatePipelineRequest,
      params: RequestParams = {},
    ) =>
      this.request<PipelineEnvelope, ErrorEnvelope>({
        path: `/api/crm/pipelines`,
        method: "POST",
        body: data,
        secure: true,
        type: "application/json",
        format: "json",
        ...params,
      }),

    /**
     * @description One pipeline (archived ones too) with its stages in order.
     *
     * @tags pipelines
     * @name PipelinesGet
     * @summary Get a pipeline
     * @request GET:/api/crm/pipelines/{pipelineId}
     * @secure
     */
    pipelinesGet: (pipelineId: string, params: RequestParams = {}) =>
      this.request<PipelineEnvelope, ErrorEnvelope>({
        path: `/api/crm/pipelines/${pipelineId}`,
        method: "GET",
        secure: true,
        format: "json",
        ...params,
      }),

    /**
     * No description
     *
     * @tags pipelines
     * @name PipelinesUpdate
     * @summary Rename or describe a pipeline
     * @request PATCH:/api/crm/pipelines/{pipelineId}
     * @secure
     */
    pipelinesUpdate: (
      pipelineId: string,
      data: UpdatePipelineRequest,
      params: RequestParams = {},
    ) =>
      this.request<PipelineEnvelope, ErrorEnvelope>({
        path: `/api/crm/pipelines/${pipelineId}`,
        method: "PATCH",
        body: data,
        secure: true,
        type: "application/json",
        format: "json",
        ...params,
      }),

    /**
     * @description Soft-archives the pipeline: it leaves the list, its stages and leads are kept. The default pipeline cannot be archived (409 `DEFAULT_PIPELINE`); make another one the default first. Archiving an archived pipeline changes nothing.
     *
     * @tags pipelines
     * @name PipelinesArchive
     * @summary Archive a pipeline
     * @request DELETE:/api/crm/pipelines/{pipelineId}
     * @secure
     */
    pipelinesArchive: (pipelineId: string, params: RequestParams = {}) =>
      this.request<PipelineEnvelope, ErrorEnvelope>({
        path: `/api/crm/pipelines/${pipelineId}`,
        method: "DELETE",
        secure: true,
        format: "json",
        ...params,
      }),

    /**
     * @description Makes this pipeline the tenant's default and the previous default an ordinary one, in one transaction: there is always exactly one default. An archived pipeline cannot become the default (409 `CONFLICT`).
     *
     * @tags pipelines
     * @name PipelinesSetDefault
     * @summary Make a pipeline the default
     * @request PATCH:/api/crm/pipelines/{pipelineId}/default
     * @secure
     */
    pipelinesSetDefault: (pipelineId: string, params: RequestParams = {}) =>
      this.request<PipelineEnvelope, ErrorEnvelope>({
        path: `/api/crm/pipelines/${pipelineId}/default`,
        method: "PATCH",
        secure: true,
        format: "json",
        ...params,
      }),

    /**
     * @description A new pipeline with copies of every stage, in the same order. Leads are not copied; the copy is not the default.
     *
     * @tags pipelines
     * @name PipelinesDuplicate
     * @summary Duplicate a pipeline
     * @request POST:/api/crm/pipelines/{pipelineId}/duplicate
     * @secure
     */
    pipelinesDuplicate: (
      pipelineId: string,
      data?: DuplicatePipelineRequest,
      params: RequestParams = {},
    ) =>
      this.request<PipelineEnvelope, ErrorEnvelope>({
        path: `/api/crm/pipelines/${pipelineId}/duplicate`,
        method: "POST",
        body: data,
        secure: true,
        type: "application/json",
        format: "json",
        ...params,
      }),

    /**
     * @description Adds a stage after the pipeline's last one.
     *
     * @tags pipelines
     * @name PipelinesAddStage
     * @summary Add a stage
     * @request POST:/api/crm/pipelines/{pipelineId}/stages
     * @secure
     */
    pipelinesAddStage: (
      pipelineId: string,
      data: StageInput,
      params: RequestParams = {},
    ) =>
      this.request<StageEnvelope, ErrorEnvelope>({
        path: `/api/crm/pipelines/${pipelineId}/stages`,
        method: "POST",
        body: data,
        secure: true,
        type: "application/json",
        format: "json",
        ...params,
      }),

    /**
     * @description Saves the board's column order after a drag-and-drop. The payload names every stage of the pipeline once; a stage of another pipeline, a missing or repeated stage, or a repeated `newOrder` answers 400 and changes nothing.
     *
     * @tags pipelines
     * @name PipelinesReorderStages
     * @summary Reorder stages
     * @request PATCH:/api/crm/pipelines/{pipelineId}/stages/reorder
     * @secure
     */
    pipelinesReorderStages: (
      pipelineId: string,
      data: ReorderStagesRequest,
      params: RequestParams = {},
    ) =>
      this.request<PipelineEnvelope, ErrorEnvelope>({
        path: `/api/crm/pipelines/${pipelineId}/stages/reorder`,
        method: "PATCH",
        body: data,
        secure: true,
        type: "application/json",
        format: "json",
        ...params,
      }),

    /**
     * @description Changes a stage's name, colour, probability or won/lost flag.
     *
     * @tags pipelines
     * @name PipelinesUpdateStage
     * @summary Update a stage
     * @request PATCH:/api/crm/stages/{stageId}
     * @secure
     */
    pipelinesUpdateStage: (
      stageId: string,
      data: StageUpdate,
      params: RequestParams = {},
    ) =>
      this.request<StageEnvelope, ErrorEnvelope>({
        path: `/api/crm/stages/${stageId}`,
        method: "PATCH",
        body: data,
        secure: true,
        type: "application/json",
        format: "json",
        ...params,
      }),

    /**
     * @description Deletes a stage. A stage that holds leads (of any status) needs `moveLeadsToStageId`, another stage of the same pipeline: the leads move there and the stage goes, in one transaction. Without it such a stage answers 409 `STAGE_HAS_LEADS`. A pipeline's last stage cannot be deleted (409 `CONFLICT`).
     *
     * @tags pipelines
     * @name PipelinesDeleteStage
     * @summary Delete a stage
     * @request DELETE:/api/crm/stages/{stageId}
     * @secure
     */
    pipelinesDeleteStage: (
      stageId: string,
      data?: DeleteStageRequest,
      params: RequestParams = {},
    ) =>
      this.request<
        SuccessEnvelope & {
          data: {
            deletedStageId: string;
            /** @min 0 */
            movedLeads: number;
            stages: Stage[];
          };
        },
        ErrorEnvelope
      >({
        path: `/api/crm/stages/${stageId}`,
        method: "DELETE",
        body: data,
        secure: true,
        type: "application/json",
        format: "json",
        ...params,
      }),

    /**
     * @description Each stage, in order, with its open leads' count and total deal value (one aggregate query).
     *
     * @tags pipelines
     * @name PipelinesBoard
     * @summary Kanban board summary
     * @request GET:/api/crm/pipelines/{pipelineId}/board
     * @secure
     */
    pipelinesBoard: (pipelineId: string, params: RequestParams = {}) =>
      this.request<
        SuccessEnvelope & {
          /** Each stage with its open leads' count and summed deal value. */
          data: PipelineBoard;
        },
        ErrorEnvelope
      >({
        path: `/api/crm/pipelines/${pipelineId}/board`,
        method: "GET",
        secure: true,
        format: "json",
        ...params,
      }),

    /**
     * @description Per stage, the open leads' deal value and that value times the stage's probability.
     *
     * @tags pipelines
     * @name PipelinesForecast
     * @summary Revenue forecast
     * @request GET:/api/crm/pipelines/{pipelineId}/forecast
     * @secure
     */
    pipelinesForecast: (pipelineId: string, params: RequestParams = {}) =>
      this.request<
        SuccessEnvelope & {
          /**
           * Open leads' deal value per stage weighted by the stage's probability.
           * `grandTotal` is the sum of `expectedRevenue`, `totalPipeline` the sum of `totalValue`.
           */
          data: PipelineForecast;
        },
        ErrorEnvelope
      >({
        path: `/api/crm/pipelines/${pipelineId}/forecast`,
        method: "GET",
        secure: true,
        format: "json",
        ...params,
      }),
  };
  workflows = {
    /**
     * @description The core entry point. Writes an event log, finds (or with `createLeadIfMissing` creates) the lead by phone or email, creates a Meet link when `requiresMeet`, matches the tenant's active rules for the trigger and runs their actions (each after its own `delayMinutes`), then POSTs the signed outcome to `callbackUrl`. `delayMinutes > 0` puts the whole run off (`scheduled: true`). Rate limit: 60 requests per minute per tenant (`RateLimit-*` headers on every answer).
     *
     * @tags workflows
     * @name WorkflowsTrigger
     * @summary Fire a workflow trigger
     * @request POST:/api/saas/workflows/trigger
     * @secure
     */
    workflowsTrigger: (data: TriggerRequest, params: RequestParams = {}) =>
      this.request<TriggerResultEnvelope, ErrorEnvelope>({
        path: `/api/saas/workflows/trigger`,
        method: "POST",
        body: data,
        secure: true,
        type: "application/json",
        format: "json",
        ...params,
      }),
  };
  automations = {
    /**
     * @description Every rule of the tenant, newest first.
     *
     * @tags automations
     * @name AutomationsList
     * @summary List automation rules
     * @request GET:/api/crm/automations
     * @secure
     */
    automationsList: (params: RequestParams = {}) =>
      this.request<AutomationRuleListEnvelope, ErrorEnvelope>({
        path: `/api/crm/automations`,
        method: "GET",
        secure: true,
        format: "json",
        ...params,
      }),

    /**
     * @description A rule runs its actions when its trigger fires for a lead that passes its condition.
     *
     * @tags automations
     * @name AutomationsCreate
     * @summary Create an automation rule
     * @request POST:/api/crm/automations
     * @secure
     */
    automationsCreate: (
      data: AutomationRuleInput,
      params: RequestParams = {},
    ) =>
      this.request<AutomationRuleEnvelope, ErrorEnvelope>({
        path: `/api/crm/automations`,
        method: "POST",
        body: data,
        secure: true,
        type: "application/json",
        format: "json",
        ...params,
      }),

    /**
     * @description Deprecated: use `POST /api/saas/workflows/trigger`, which this route now runs (same payload and answer, same rate limit). Answers carry `Deprecation: true` and a `Link` to the successor.
     *
     * @tags automations
     * @name AutomationsFireEventDeprecated
     * @summary Fire an automation event (deprecated)
     * @request POST:/api/crm/automations/events
     * @deprecated
     * @secure
     */
    automationsFireEventDeprecated: (
      data: TriggerRequest,
      params: RequestParams = {},
    ) =>
      this.request<TriggerResultEnvelope, ErrorEnvelope>({
        path: `/api/crm/automations/events`,
        method: "POST",
        body: data,
        secure: true,
        type: "application/json",
        format: "json",
        ...params,
      }),

    /**
     * No description
     *
     * @tags automations
     * @name AutomationsGet
     * @summary Get an automation rule
     * @request GET:/api/crm/automations/{ruleId}
     * @secure
     */
    automationsGet: (ruleId: string, params: RequestParams = {}) =>
      this.request<AutomationRuleEnvelope, ErrorEnvelope>({
        path: `/api/crm/automations/${ruleId}`,
        method: "GET",
        secure: true,
        format: "json",
        ...params,
      }),

    /**
     * @description Any fields of the rule; `actions` replaces the whole list, `condition: null` removes the condition. The rule after the change must still hold together: changing `trigger` alone while the rule keeps `triggerConfig` keys of the old trigger answers 400 VALIDATION_ERROR naming `body.trigger` (send a `triggerConfig` that fits the new trigger with it).
     *
     * @tags automations
     * @name AutomationsUpdate
     * @summary Update an automation rule
     * @request PATCH:/api/crm/automations/{ruleId}
     * @secure
     */
    automationsUpdate: (
      ruleId: string,
      data: AutomationRuleUpdate,
      params: RequestParams = {},
    ) =>
      this.request<AutomationRuleEnvelope, ErrorEnvelope>({
        path: `/api/crm/automations/${ruleId}`,
        method: "PATCH",
        body: data,
        secure: true,
        type: "application/json",
        format: "json",
        ...params,
      }),

    /**
     * @description Deletes the rule permanently. Actions already scheduled by it still run; its event history keeps its name.
     *
     * @tags automations
     * @name AutomationsDelete
     * @summary Delete an automation rule
     * @request DELETE:/api/crm/automations/{ruleId}
     * @secure
     */
    automationsDelete: (ruleId: string, params: RequestParams = {}) =>
      this.request<
        SuccessEnvelope & {
          data: {
            id: string;
            deleted: true;
          };
        },
        ErrorEnvelope
      >({
        path: `/api/crm/automations/${ruleId}`,
        method: "DELETE",
        secure: true,
        format: "json",
        ...params,
      }),

    /**
     * @description Flips `isActive`, or sets it when the body gives `{ "isActive": … }`.
     *
     * @tags automations
     * @name AutomationsToggle
     * @summary Enable or disable an automation rule
     * @request PATCH:/api/crm/automations/{ruleId}/toggle
     * @secure
     */
    automationsToggle: (
      ruleId: string,
      data?: {
        isActive?: boolean;
      },
      params: RequestParams = {},
    ) =>
      this.request<AutomationRuleEnvelope, ErrorEnvelope>({
        path: `/api/crm/automations/${ruleId}/toggle`,
        method: "PATCH",
        body: data,
        secure: true,
        type: "application/json",
        format: "json",
        ...params,
      }),

    /**
     * @description Which conditions pass and which actions would run with their resolved values. Nothing is executed or written.
     *
     * @tags automations
     * @name AutomationsTest
     * @summary Dry-run an automation rule against a lead
     * @request POST:/api/crm/automations/{ruleId}/test
     * @secure
     */
    automationsTest: (
      ruleId: string,
      data: AutomationTestRequest,
      params: RequestParams = {},
    ) =>
      this.request<AutomationTestResultEnvelope, ErrorEnvelope>({
        path: `/api/crm/automations/${ruleId}/test`,
        method: "POST",
        body: data,
        secure: true,
        type: "application/json",
        format: "json",
        ...params,
      }),
  };
  events = {
    /**
     * @description Every attempt to POST a trigger's outcome to its `callbackUrl`, newest first: the receiver's status code, how long it took, and why it failed. A delivery is retried on a fixed schedule (5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h) until the receiver answers 2xx, then marked failed. Each callback is signed with the tenant's webhook secret twice: `x-ecodrix-signature: sha256=<hex HMAC-SHA256 of the body>`, and Standard Webhooks (`webhook-id` = `deliveryId`, `webhook-timestamp`, `webhook-signature: v1,<base64 HMAC-SHA256 of "id.timestamp.body">`): see the `workflow.completed` webhook for the keys and headers.
     *
     * @tags events
     * @name CallbacksLogs
     * @summary Callback delivery attempts
     * @request GET:/api/saas/callbacks/logs
     * @secure
     */
    callbacksLogs: (
      query?: {
        /**
         * `delivered` or `failed`: attempts with that outcome. `pending`: attempts of deliveries still
         * being retried.
         */
        status?: "delivered" | "failed" | "pending";
        /**
         * From this moment on: an ISO date (`2026-03-01`, from 00:00 UTC) or date-time.
         * @example "2026-03-01"
         */
        startDate?: string;
        /**
         * Up to this moment: an ISO date (`2026-03-31`, the whole day in UTC) or date-time. Before
         * `startDate` → 400 `VALIDATION_ERROR`.
         * @example "2026-03-31"
         */
        endDate?: string;
        /**
         * 1-based page number.
         * @min 1
         * @default 1
         */
        page?: number;
        /**
         * Items per page (at most 100).
         * @min 1
         * @max 100
         * @default 25
         */
        limit?: number;
      },
      params: RequestParams = {},
    ) =>
      this.request<
        SuccessEnvelope &
          Pagination & {
            data: CallbackAttempt[];
          },
        ErrorEnvelope
      >({
        path: `/api/saas/callbacks/logs`,
        method: "GET",
        query: query,
        secure: true,
        format: "json",
        ...params,
      }),

    /**
     * @description Queues the delivery again with the body it was first sent with (frozen at enqueue time) and the same `webhook-id`, freshly signed, as its next attempt, due now. Should that attempt fail, the delivery goes on with the retry schedule from where it stood, and fails once it is used up. A delivery still pending (an attempt is running or a retry is scheduled) answers 409 CONFLICT.
     *
     * @tags events
     * @name CallbacksResend
     * @summary Resend a callback
     * @request POST:/api/saas/callbacks/{deliveryId}/resend
     * @secure
     */
    callbacksResend: (deliveryId: string, params: RequestParams = {}) =>
      this.request<CallbackResendEnvelope, ErrorEnvelope>({
        path: `/api/saas/callbacks/${deliveryId}/resend`,
        method: "POST",
        secure: true,
        format: "json",
        ...params,
      }),

    /**
     * @description The tenant's automation events, newest first: every trigger received from the API, the CRM or the deprecated events route, with its status and outcome. Open one for its actions and callback.
     *
     * @tags events
     * @name EventsListLogs
     * @summary List event logs
     * @request GET:/api/saas/events/logs
     * @secure
     */
    eventsListLogs: (
      query?: {
        /**
         * Only events of this trigger (exact name).
         * @minLength 1
         * @maxLength 64
         * @example "appointment_confirmed"
         */
        trigger?: string;
        /** Only events in this state. */
        status?: EventLogStatus;
        /**
         * Only events for this phone number, read as a lead's is (`+91 98765-43210`, `919876543210`,
         * `00919876543210` and, in a tenant whose `defaultCountry` is `IN`, `09876543210` are the same number).
         * Not a phone number → 400.
         * @minLength 1
         * @maxLength 40
         * @example "+919876543210"
         */
        phone?: string;
        /**
         * Only events that concern this lead (an unknown id matches none).
         * @maxLength 64
         */
        leadId?: string;
        /**
         * From this moment on: an ISO date (`2026-03-01`, from 00:00 UTC) or date-time.
         * @example "2026-03-01"
         */
        startDate?: string;
        /**
         * Up to this moment: an ISO date (`2026-03-31`, the whole day in UTC) or date-time. Before
         * `startDate` → 400 `VALIDATION_ERROR`.
         * @example "2026-03-31"
         */
        endDate?: string;
        /**
         * 1-based page number.
         * @min 1
         * @default 1
         */
        page?: number;
        /**
         * Items per page (at most 100).
         * @min 1
         * @max 100
         * @default 25
         */
        limit?: number;
      },
      params: RequestParams = {},
    ) =>
      this.request<
        SuccessEnvelope &
          Pagination & {
            data: EventLog[];
          },
        ErrorEnvelope
      >({
        path: `/api/saas/events/logs`,
        method: "GET",
        query: query,
        secure: true,
        format: "json",
        ...params,
      }),

    /**
     * @description One event: what the trigger carried, each action's outcome (ok, failed or skipped with the reason, its job and attempts) and the callback delivery with every attempt.
     *
     * @tags events
     * @name EventsGetLog
     * @summary Get an event log with its actions and callback
     * @request GET:/api/saas/events/logs/{logId}
     * @secure
     */
    eventsGetLog: (logId: string, params: RequestParams = {}) =>
      this.request<EventLogDetailEnvelope, ErrorEnvelope>({
        path: `/api/saas/events/logs/${logId}`,
        method: "GET",
        secure: true,
        format: "json",
        ...params,
      }),

    /**
     * @description Events per trigger (with the success rate) and per status, for dashboards.
     *
     * @tags events
     * @name EventsStats
     * @summary Event statistics
     * @request GET:/api/saas/events/stats
     * @secure
     */
    eventsStats: (
      query?: {
        /**
         * From this moment on: an ISO date (`2026-03-01`, from 00:00 UTC) or date-time.
         * @example "2026-03-01"
         */
        startDate?: string;
        /**
         * Up to this moment: an ISO date (`2026-03-31`, the whole day in UTC) or date-time. Before
         * `startDate` → 400 `VALIDATION_ERROR`.
         * @example "2026-03-31"
         */
        endDate?: string;
      },
      params: RequestParams = {},
    ) =>
      this.request<EventStatsEnvelope, ErrorEnvelope>({
        path: `/api/saas/events/stats`,
        method: "GET",
        query: query,
        secure: true,
        format: "json",
        ...params,
      }),

    /**
     * @description Where one of the tenant's background jobs is: queued → processing → completed or failed, with how often it ran and its last error. Job ids come from `POST /api/saas/workflows/trigger` (`jobId`) and from event logs. A finished job is kept for `ECODRIX_JOB_RETENTION_DAYS` (30 by default), then answers 404 like an unknown one; its event log stays.
     *
     * @tags events
     * @name JobsStatus
     * @summary Background job status
     * @request GET:/api/saas/jobs/status/{jobId}
     * @secure
     */
    jobsStatus: (jobId: string, params: RequestParams = {}) =>
      this.request<JobStatusEnvelope, ErrorEnvelope>({
        path: `/api/saas/jobs/status/${jobId}`,
        method: "GET",
        secure: true,
        format: "json",
        ...params,
      }),
  };
  whatsApp = {
    /**
     * @description Stores one file, sent as `multipart/form-data` field `file`, for a WhatsApp message (`mediaUrl` of `POST /api/saas/chat/send`). Its type is read from its bytes; only types WhatsApp Cloud API carries are taken, each up to Meta's limit (decimal megabytes): | Kind | Types | At most | | --- | --- | --- | | image | `image/jpeg`, `image/png` | 5 MB (and 50 megapixels) | | sticker | `image/webp` | 500 KB | | video | `video/mp4`, `video/3gpp` | 16 MB | | audio | `audio/aac`, `audio/amr`, `audio/mpeg`, `audio/mp4`, `audio/ogg` | 16 MB | | document | PDF, Word, Excel, PowerPoint (`.doc`/`.docx`, `.xls`/`.xlsx`, `.ppt`/`.pptx`), `text/plain` | 100 MB | The declared part type (or file name) only settles what the bytes cannot: which old Office format, an audio-only MP4, plain text. Anything else (a text file named `.png`) is 415 `UNSUPPORTED_MEDIA_TYPE`; past its type's limit, 413 `PAYLOAD_TOO_LARGE`. This route's body limit is its own, `ECODRIX_UPLOAD_LIMIT_BYTES` (100 MiB by default, so the largest document fits with its multipart framing), instead of the 1 MiB of JSON bodies; a body past it is refused with 413 while it is being read, before it is parsed. Images are re-encoded in their own format with every metadata block dropped (EXIF with the camera's GPS position, XMP, IPTC, ICC) and their EXIF orientation applied. Files are kept under `ECODRIX_DATA_DIR/media`, or in the S3-compatible bucket `S3_BUCKET` when it is set.
     *
     * @tags WhatsApp
     * @name MediaUpload
     * @summary Upload a file to send on WhatsApp
     * @request POST:/api/saas/chat/upload
     * @secure
     */
    mediaUpload: (
      data: {
        /**
         * The file; its part's `Content-Type` and `filename` are hints only.
         * @format binary
         */
        file: File;
      },
      params: RequestParams = {},
    ) =>
      this.request<
        SuccessEnvelope & {
          /** A file kept in media storage. `mimeType` is read from the file's bytes, not from its name or declared type. Images (JPEG, PNG, WebP) are re-encoded without their metadata (EXIF with GPS, XMP, IPTC, ICC) and with their EXIF orientation applied, so `size`, `width` and `height` are those of the stored image. */
          data: UploadedMedia;
        },
        ErrorEnvelope
      >({
        path: `/api/saas/chat/upload`,
        method: "POST",
        body: data,
        secure: true,
        type: "multipart/form-data",
        format: "json",
        ...params,
      }),

    /**
     * @description Streams a file stored by `POST /api/saas/chat/upload` or fetched from Meta for an inbound message, as the content type it was stored as. Public, so WhatsApp (which fetches a sent `link`) and `<img>`/`<video>` tags can read it: the 128-bit random file name is what protects it. Sent with `X-Content-Type-Options: nosniff`, `Content-Disposition: attachment` for anything but an image, and `Cache-Control: public, max-age=31536000, immutable` (a stored file never changes). A name that is not one the server gives out (`..`, an encoded `/`, another extension), or one nothing is stored under, is 404: there is no listing.
     *
     * @tags WhatsApp
     * @name MediaGet
     * @summary A stored media file
     * @request GET:/api/saas/chat/media/{clientCode}/{fileName}
     */
    mediaGet: (
      clientCode: string,
      fileName: string,
      params: RequestParams = {},
    ) =>
      this.request<File, ErrorEnvelope>({
        path: `/api/saas/chat/media/${clientCode}/${fileName}`,
        method: "GET",
        format: "blob",
        ...params,
      }),

    /**
     * @description The tenant's WhatsApp conversations, the one with the newest message first and those without messages last, paginated. Filters combine.
     *
     * @tags WhatsApp
     * @name ConversationsList
     * @summary List the inbox's conversations
     * @request GET:/api/saas/chat/conversations
     * @secure
     */
    conversationsList: (
      query?: {
        status?: ConversationStatus;
        /**
         * Part of the phone or the name, case-insensitive (`98765`, `ravi`). A whole phone number in any
         * form the CRM reads (`098765 43210` in a tenant whose `defaultCountry` is `IN`) also finds its
         * conversation.
         * @minLength 1
         * @maxLength 100
         * @example "ravi"
         */
        search?: string;
        /** `true`: only conversations with unread messages; `false`: only those without. */
        unread?: boolean;
        /**
         * Only conversations assigned to this agent (as set with PATCH).
         * @minLength 1
         * @maxLength 100
         */
        assignedTo?: string;
        /**
         * Only conversations carrying this tag.
         * @minLength 1
         * @maxLength 50
         * @example "vip"
         */
        tag?: string;
        /**
         * 1-based page number.
         * @min 1
         * @default 1
         */
        page?: number;
        /**
         * Items per page (at most 100).
         * @min 1
         * @max 100
         * @default 25
         */
        limit?: number;
      },
      params: RequestParams = {},
    ) =>
      this.request<
        SuccessEnvelope &
          Pagination & {
            data: Conversation[];
          },
        ErrorEnvelope
      >({
        path: `/api/saas/chat/conversations`,
        method: "GET",
        query: query,
        secure: true,
        format: "json",
        ...params,
      }),

    /**
     * @description Creates the conversation for a phone (201), linked to the CRM's open lead with that phone when there is one (no lead is created). A phone that already has a conversation answers 200 with it, unchanged.
     *
     * @tags WhatsApp
     * @name ConversationsCreate
     * @summary Start a conversation with a phone
     * @request POST:/api/saas/chat/conversations
     * @secure
     */
    conversationsCreate: (
      data: CreateConversationRequest,
      params: RequestParams = {},
    ) =>
      this.request<ConversationEnvelope, ErrorEnvelope>({
        path: `/api/saas/chat/conversations`,
        method: "POST",
        body: data,
        secure: true,
        type: "application/json",
        format: "json",
        ...params,
      }),

    /**
     * No description
     *
     * @tags WhatsApp
     * @name ConversationsGet
     * @summary Get a conversation
     * @request GET:/api/saas/chat/conversations/{conversationId}
     * @secure
     */
    conversationsGet: (conversationId: string, params: RequestParams = {}) =>
      this.request<ConversationEnvelope, ErrorEnvelope>({
        path: `/api/saas/chat/conversations/${conversationId}`,
        method: "GET",
        secure: true,
        format: "json",
        ...params,
      }),

    /**
     * No description
     *
     * @tags WhatsApp
     * @name ConversationsUpdate
     * @summary Assign, close or tag a conversation
     * @request PATCH:/api/saas/chat/conversations/{conversationId}
     * @secure
     */
    conversationsUpdate: (
      conversationId: string,
      data: UpdateConversationRequest,
      params: RequestParams = {},
    ) =>
      this.request<ConversationEnvelope, ErrorEnvelope>({
        path: `/api/saas/chat/conversations/${conversationId}`,
        method: "PATCH",
        body: data,
        secure: true,
        type: "application/json",
        format: "json",
        ...params,
      }),

    /**
     * @description Removes the conversation and all its messages in one transaction. The CRM lead it was linked to stays.
     *
     * @tags WhatsApp
     * @name ConversationsDelete
     * @summary Delete a conversation and its messages
     * @request DELETE:/api/saas/chat/conversations/{conversationId}
     * @secure
     */
    conversationsDelete: (conversationId: string, params: RequestParams = {}) =>
      this.request<
        SuccessEnvelope & {
          data: {
            id: string;
            deleted: true;
          };
        },
        ErrorEnvelope
      >({
        path: `/api/saas/chat/conversations/${conversationId}`,
        method: "DELETE",
        secure: true,
        format: "json",
        ...params,
      }),

    /**
     * @description Sets its unread count to 0 and, when it had unread messages, sends Meta a read receipt for the contact's last message (the contact sees blue ticks on it and on every earlier one). The receipt is best effort: a Graph failure is logged and the answer is still 200 (the unread count is the inbox's own). A sandbox token (`mock_…`) sends nothing.
     *
     * @tags WhatsApp
     * @name ConversationsMarkRead
     * @summary Mark a conversation read
     * @request POST:/api/saas/chat/conversations/{conversationId}/read
     * @secure
     */
    conversationsMarkRead: (
      conversationId: string,
      params: RequestParams = {},
    ) =>
      this.request<ConversationEnvelope, ErrorEnvelope>({
        path: `/api/saas/chat/conversations/${conversationId}/read`,
        method: "POST",
        secure: true,
        format: "json",
        ...params,
      }),

    /**
     * @description Messages oldest → newest within the page. Without a cursor, the newest `limit` messages; with `before`, the `limit` just before that message (scrolling back; `hasMore`: older ones remain); with `after`, the `limit` just after it (catching up; `hasMore`: newer ones remain). The cursor message itself need not match the filters.
     *
     * @tags WhatsApp
     * @name MessagesList
     * @summary Read a conversation's messages
     * @request GET:/api/saas/chat/conversations/{conversationId}/messages
     * @secure
     */
    messagesList: (
      conversationId: string,
      query?: {
        /**
         * A message id of this conversation: the page is the messages just before it (older). Without
         * `before` or `after`, the page is the newest messages. An id that names no message of this
         * conversation → 400 naming `query.before`.
         * @minLength 1
         * @maxLength 100
         */
        before?: string;
        /**
         * A message id of this conversation: the page is the messages just after it (newer), to catch up
         * from the last one seen. With `before` too, the page lies between the two. An id that names no
         * message of this conversation → 400 naming `query.after`.
         * @minLength 1
         * @maxLength 100
         */
        after?: string;
        direction?: WhatsappMessageDirection;
        /** An inbound message is `received`. An outbound one is `queued` until Graph accepts it (`sent`), then moves forward only (`delivered`, `read`) as Meta's statuses arrive — a late `delivered` never overwrites `read` — or ends `failed` with Meta's error code and title. */
        status?: WhatsappMessageStatus;
        /**
         * Items per page (at most 100).
         * @min 1
         * @max 100
         * @default 25
         */
        limit?: number;
      },
      params: RequestParams = {},
    ) =>
      this.request<
        SuccessEnvelope &
          CursorPagination & {
            data: WhatsappMessage[];
          },
        ErrorEnvelope
      >({
        path: `/api/saas/chat/conversations/${conversationId}/messages`,
        method: "GET",
        query: query,
        secure: true,
        format: "json",
        ...params,
      }),

    /**
     * @description Queues an outbound message to `to` and answers it with status `queued` (201). The tenant's number sends its queue at its pace (`whatsappMessagesPerSecond`, 80 a second unless set), a conversation's messages one at a time in the order they were queued; Graph throttling (HTTP 429, `130429`, `131056`) and Graph or network failures are retried with backoff, and Meta's other errors end the message `failed` with Meta's code and title. The message then moves to `sent` (with its `wamid`), `delivered` and `read` as Meta reports them; sockets receive each change as a `message:status` frame, and the new message as `message:new`. Meta's policy: free-form text or media only while the contact's 24-hour customer-service window is open (they wrote in the last 24 hours), else 422 `OUTSIDE_SERVICE_WINDOW`; a template at any time. The phone's conversation is created when it has none, linked to the open lead with that phone. A template must be synced for the tenant (404 `TEMPLATE_NOT_FOUND`) and approved (422 `TEMPLATE_NOT_APPROVED`). Without `whatsappToken` and `whatsappPhoneNumberId`: 422 `WHATSAPP_NOT_CONFIGURED`. A `mock_` token is the sandbox: messages are sent without network (wamid `wamid.mock_…`), then reported `delivered` and `read` a second apart.
     *
     * @tags WhatsApp
     * @name ChatSend
     * @summary Send a WhatsApp message
     * @request POST:/api/saas/chat/send
     * @secure
     */
    chatSend: (data: SendMessageRequest, params: RequestParams = {}) =>
      this.request<WhatsappMessageEnvelope, ErrorEnvelope>({
        path: `/api/saas/chat/send`,
        method: "POST",
        body: data,
        secure: true,
        type: "application/json",
        format: "json",
        ...params,
      }),

    /**
     * @description Sends an approved template to up to 100,000 recipients, or to an `audience` of CRM leads, and answers 202 at once with the counts, before any message is queued ("non-blocking"). Phones are normalised as lead phones are (without a country code, in the tenant's `defaultCountry`); a phone given twice gets one message (`duplicates`); a phone that is not a phone number, or a recipient with fewer `variables` than the template's body needs, is recorded as a `rejected` recipient with its `error`. None accepted answers 422 `BROADCAST_NO_RECIPIENTS`, nothing stored. From `scheduledAt` (now when absent) the recipients are handed, in order and a few seconds' worth at a time, to the number's outbound queue — the one `POST /api/saas/chat/send` uses — so each message appears in its recipient's conversation (created when the phone has none) and is sent at the number's pace (`whatsappMessagesPerSecond`, 80 a second unless set), never faster; Graph throttling (`130429`, HTTP 429) slows it down and retries, and Meta's other errors fail that recipient only. A restart resumes where it stopped: a recipient is handed over once, in the transaction that queues its message. Each recipient's status is then its message's. The template must be synced (404 `TEMPLATE_NOT_FOUND`) and approved (422 `TEMPLATE_NOT_APPROVED`); WhatsApp must be configured (422 `WHATSAPP_NOT_CONFIGURED`). A `mock_` token is the sandbox: messages are "sent" without network, then reported `delivered` and `read`. Bodies up to 16 MiB (100,000 recipients).
     *
     * @tags WhatsApp
     * @name BroadcastsCreate
     * @summary Create and launch a WhatsApp broadcast
     * @request POST:/api/saas/chat/broadcast
     * @secure
     */
    broadcastsCreate: (
      data: CreateBroadcastRequest,
      params: RequestParams = {},
    ) =>
      this.request<BroadcastAcceptedEnvelope, ErrorEnvelope>({
        path: `/api/saas/chat/broadcast`,
        method: "POST",
        body: data,
        secure: true,
        type: "application/json",
        format: "json",
        ...params,
      }),

    /**
     * @description The tenant's broadcasts, newest first, paginated, each with its recipients counted by status, its progress and its start and finish times.
     *
     * @tags WhatsApp
     * @name BroadcastsList
     * @summary List broadcasts
     * @request GET:/api/saas/chat/broadcasts
     * @secure
     */
    broadcastsList: (
      query?: {
        /** Only broadcasts in this status. */
        status?: BroadcastStatus;
        /**
         * 1-based page number.
         * @min 1
         * @default 1
         */
        page?: number;
        /**
         * Items per page (at most 100).
         * @min 1
         * @max 100
         * @default 25
         */
        limit?: number;
      },
      params: RequestParams = {},
    ) =>
      this.request<
        SuccessEnvelope &
          Pagination & {
            data: Broadcast[];
          },
        ErrorEnvelope
      >({
        path: `/api/saas/chat/broadcasts`,
        method: "GET",
        query: query,
        secure: true,
        format: "json",
        ...params,
      }),

    /**
     * @description The broadcast with its recipients counted by status, its progress and its times.
     *
     * @tags WhatsApp
     * @name BroadcastsGet
     * @summary Get a broadcast
     * @request GET:/api/saas/chat/broadcasts/{broadcastId}
     * @secure
     */
    broadcastsGet: (broadcastId: string, params: RequestParams = {}) =>
      this.request<BroadcastEnvelope, ErrorEnvelope>({
        path: `/api/saas/chat/broadcasts/${broadcastId}`,
        method: "GET",
        secure: true,
        format: "json",
        ...params,
      }),

    /**
     * @description The broadcast's recipients in the order they were given (rejected ones included), paginated, each with its status — its message's once queued — and its message and conversation.
     *
     * @tags WhatsApp
     * @name BroadcastsRecipients
     * @summary List a broadcast's recipients
     * @request GET:/api/saas/chat/broadcasts/{broadcastId}/recipients
     * @secure
     */
    broadcastsRecipients: (
      broadcastId: string,
      query?: {
        /** Only recipients in this status. */
        status?: BroadcastRecipientStatus;
        /**
         * 1-based page number.
         * @min 1
         * @default 1
         */
        page?: number;
        /**
         * Items per page (at most 100).
         * @min 1
         * @max 100
         * @default 25
         */
        limit?: number;
      },
      params: RequestParams = {},
    ) =>
      this.request<
        SuccessEnvelope &
          Pagination & {
            data: BroadcastRecipient[];
          },
        ErrorEnvelope
      >({
        path: `/api/saas/chat/broadcasts/${broadcastId}/recipients`,
        method: "GET",
        query: query,
        secure: true,
        format: "json",
        ...params,
      }),

    /**
     * @description Stops what has not been sent: recipients not yet queued, and queued messages not yet handed to Graph, end `cancelled` (their messages `failed`, "Cancelled with its broadcast"); a message already on its way to Graph is not recalled. Answers the broadcast. A broadcast already completed or cancelled answers 409 `BROADCAST_FINISHED`.
     *
     * @tags WhatsApp
     * @name BroadcastsCancel
     * @summary Cancel a broadcast
     * @request POST:/api/saas/chat/broadcasts/{broadcastId}/cancel
     * @secure
     */
    broadcastsCancel: (broadcastId: string, params: RequestParams = {}) =>
      this.request<BroadcastEnvelope, ErrorEnvelope>({
        path: `/api/saas/chat/broadcasts/${broadcastId}/cancel`,
        method: "POST",
        secure: true,
        format: "json",
        ...params,
      }),

    /**
     * @description Flips the message's `starred` (in one statement, so two toggles always cancel out) and answers the message with its new state. No body. Sockets of the tenant receive the changed message as a `message:status` frame. Starring is the inbox's own bookmark: nothing is sent to WhatsApp.
     *
     * @tags WhatsApp
     * @name MessagesStar
     * @summary Star or unstar a message
     * @request POST:/api/saas/chat/messages/{messageId}/star
     * @secure
     */
    messagesStar: (messageId: string, params: RequestParams = {}) =>
      this.request<WhatsappMessageEnvelope, ErrorEnvelope>({
        path: `/api/saas/chat/messages/${messageId}/star`,
        method: "POST",
        secure: true,
        format: "json",
        ...params,
      }),

    /**
     * @description Sends Meta's reaction message for the message's wamid (`type: reaction`, `reaction: {message_id, emoji}`; the empty string removes the reaction, as Meta documents) to the conversation's phone, and once Graph has accepted it stores it as the message's `reaction`. Reactions to one message are sent one at a time, so the stored one is the one WhatsApp shows. Sockets of the tenant receive the changed message as a `message:status` frame. A `mock_` token (the sandbox) accepts the reaction without network.
     *
     * @tags WhatsApp
     * @name ReactionsSend
     * @summary React to a message with an emoji, or remove our reaction
     * @request POST:/api/saas/chat/messages/{messageId}/react
     * @secure
     */
    reactionsSend: (
      messageId: string,
      data: ReactionRequest,
      params: RequestParams = {},
    ) =>
      this.request<WhatsappMessageEnvelope, ErrorEnvelope>({
        path: `/api/saas/chat/messages/${messageId}/react`,
        method: "POST",
        body: data,
        secure: true,
        type: "application/json",
        format: "json",
        ...params,
      }),

    /**
     * @description The tenant's flows in the order they are tried, and the fallback (none until saved).
     *
     * @tags WhatsApp
     * @name InboxGetAutoReplies
     * @summary Get the keyword auto-replies
     * @request GET:/api/saas/chat/auto-replies
     * @secure
     */
    inboxGetAutoReplies: (params: RequestParams = {}) =>
      this.request<AutoRepliesEnvelope, ErrorEnvelope>({
        path: `/api/saas/chat/auto-replies`,
        method: "GET",
        secure: true,
        format: "json",
        ...params,
      }),

    /**
     * @description Replaces the tenant's flows and fallback. Each inbound text message is answered by the first flow whose `match` it satisfies, else by the fallback, else not at all: at most one auto-reply per inbound message (keyed `auto-reply:<inbound wamid>`, unique, so Meta's redeliveries and the webhook's retries never send a second). The reply is queued in the contact's conversation like any outbound message (paced by the number's rate, after messages queued before it); it runs beside the automation's `message_received` rules, which see the same message. Refused whole, nothing saved: more than 100 flows, two flows with one `id`, a keyword empty once normalised, or a `regex` RE2 does not compile (400 `VALIDATION_ERROR` naming the field); a template reply not synced (404 `TEMPLATE_NOT_FOUND`) or not approved (422 `TEMPLATE_NOT_APPROVED`).
     *
     * @tags WhatsApp
     * @name InboxSaveAutoReplies
     * @summary Save the keyword auto-replies
     * @request PUT:/api/saas/chat/auto-replies
     * @secure
     */
    inboxSaveAutoReplies: (
      data: AutoRepliesUpdate,
      params: RequestParams = {},
    ) =>
      this.request<AutoRepliesEnvelope, ErrorEnvelope>({
        path: `/api/saas/chat/auto-replies`,
        method: "PUT",
        body: data,
        secure: true,
        type: "application/json",
        format: "json",
        ...params,
      }),

    /**
     * @description Says which saved flow would answer `text` (or the fallback, or nothing), without sending or writing anything.
     *
     * @tags WhatsApp
     * @name InboxTestAutoReplies
     * @summary Try the auto-replies on a text
     * @request POST:/api/saas/chat/auto-replies/test
     * @secure
     */
    inboxTestAutoReplies: (
      data: AutoReplyTestRequest,
      params: RequestParams = {},
    ) =>
      this.request<AutoReplyTestResultEnvelope, ErrorEnvelope>({
        path: `/api/saas/chat/auto-replies/test`,
        method: "POST",
        body: data,
        secure: true,
        type: "application/json",
        format: "json",
        ...params,
      }),

    /**
     * @description The templates `POST /api/saas/chat/templates/sync` pulled from Meta, one item per name and language, by name then language, paginated. Filters combine.
     *
     * @tags WhatsApp
     * @name TemplatesList
     * @summary List the synced WhatsApp templates
     * @request GET:/api/saas/chat/templates
     * @secure
     */
    templatesList: (
      query?: {
        status?:
          | "approved"
          | "pending"
          | "rejected"
          | "paused"
          | "disabled"
          | "deleted";
        /**
         * `mapped`: every variable has a mapping (or the template has none); `partial`: some do;
         * `unmapped`: none does (a send then fills the body from the event's `variables` in order).
         */
        mappingStatus?: WhatsappTemplateMappingStatus;
        /** The channel the templates are for; WhatsApp is the only one. */
        channel?: "whatsapp";
        /**
         * 1-based page number.
         * @min 1
         * @default 1
         */
        page?: number;
        /**
         * Items per page (at most 100).
         * @min 1
         * @max 100
         * @default 25
         */
        limit?: number;
      },
      params: RequestParams = {},
    ) =>
      this.request<
        SuccessEnvelope &
          Pagination & {
            data: WhatsappTemplate[];
          },
        ErrorEnvelope
      >({
        path: `/api/saas/chat/templates`,
        method: "GET",
        query: query,
        secure: true,
        format: "json",
        ...params,
      }),

    /**
     * @description Reads every template of the tenant's WhatsApp Business Account from Graph (`GET /{whatsappBusinessId}/message_templates`, following `paging.next` to the end), then in one transaction upserts them by name and language (status, category, components; mappings are kept) and marks those Meta no longer lists `deleted` (kept, since rules may name them). A Graph error writes nothing and answers 502 `WHATSAPP_UPSTREAM_ERROR` with Meta's code and message. Needs the `whatsappToken` and `whatsappBusinessId` secrets (else 422 `WHATSAPP_NOT_CONFIGURED`). A `mock_` token is the sandbox: the sync pulls a fixed sandbox catalog without network (`appointment_confirmed` with three body variables, `order_update` with a header, body and URL button variable, `hello_world` without variables, `promo_pending` pending review).
     *
     * @tags WhatsApp
     * @name TemplatesSync
     * @summary Pull the WhatsApp templates from Meta
     * @request POST:/api/saas/chat/templates/sync
     * @secure
     */
    templatesSync: (params: RequestParams = {}) =>
      this.request<
        SuccessEnvelope & {
          /** What the sync changed. `total` is how many templates Meta listed. */
          data: WhatsappTemplateSyncResult;
        },
        ErrorEnvelope
      >({
        path: `/api/saas/chat/templates/sync`,
        method: "POST",
        secure: true,
        format: "json",
        ...params,
      }),

    /**
     * @description Each language of the template, with every `{{n}}` of its header, body and buttons and the mapping that fills it.
     *
     * @tags WhatsApp
     * @name TemplatesGet
     * @summary Get a template in all its languages
     * @request GET:/api/saas/chat/templates/{templateName}
     * @secure
     */
    templatesGet: (templateName: string, params: RequestParams = {}) =>
      this.request<
        SuccessEnvelope & {
          data: {
            name: string;
            languages: WhatsappTemplate[];
          };
        },
        ErrorEnvelope
      >({
        path: `/api/saas/chat/templates/${templateName}`,
        method: "GET",
        secure: true,
        format: "json",
        ...params,
      }),

    /**
     * @description Replaces the template's mapping (every language, or the one `language` names) and what a send does with an empty value. An index the template does not have, one mapped twice, a button variable without its `buttonIndex`, or a field its source does not have answers 400 naming the mapping; `defaultValue` goes with `onEmptyVariable` `default` only. Sends, previews and broadcasts use the new mapping at once.
     *
     * @tags WhatsApp
     * @name TemplatesUpdateMapping
     * @summary Map the template's variables to fields
     * @request PUT:/api/saas/chat/templates/{templateName}/mapping
     * @secure
     */
    templatesUpdateMapping: (
      templateName: string,
      data: WhatsappTemplateMappingUpdate,
      params: RequestParams = {},
    ) =>
      this.request<
        SuccessEnvelope & {
          data: {
            name: string;
            languages: WhatsappTemplate[];
          };
        },
        ErrorEnvelope
      >({
        path: `/api/saas/chat/templates/${templateName}/mapping`,
        method: "PUT",
        body: data,
        secure: true,
        type: "application/json",
        format: "json",
        ...params,
      }),

    /**
     * @description For each variable of one language of the template, whether it is mapped and whether its field exists; `valid` when all are.
     *
     * @tags WhatsApp
     * @name TemplatesValidate
     * @summary Check the template's mapping
     * @request GET:/api/saas/chat/templates/{templateName}/validate
     * @secure
     */
    templatesValidate: (
      templateName: string,
      query?: {
        /**
         * One language of the template (`en_US`); without it, the template's only language (400 when it has several).
         * @minLength 2
         * @maxLength 20
         * @pattern ^[A-Za-z_]+$
         */
        language?: string;
      },
      params: RequestParams = {},
    ) =>
      this.request<
        SuccessEnvelope & {
          /** Whether one language of the template can be filled from its mapping. */
          data: WhatsappTemplateValidation;
        },
        ErrorEnvelope
      >({
        path: `/api/saas/chat/templates/${templateName}/validate`,
        method: "GET",
        query: query,
        secure: true,
        format: "json",
        ...params,
      }),

    /**
     * @description Resolves the template's parameters exactly as a send (the chat route, an automation's `send_whatsapp`, a broadcast) would, from the given `context` or a real lead: each component's text filled in, the `components` Graph would receive, and which variables were empty and what `onEmptyVariable` did. Nothing is sent or written. An unknown `leadId` answers 404 LEAD_NOT_FOUND.
     *
     * @tags WhatsApp
     * @name TemplatesPreview
     * @summary Fill the template in without sending it
     * @request POST:/api/saas/chat/templates/{templateName}/preview
     * @secure
     */
    templatesPreview: (
      templateName: string,
      data: WhatsappTemplatePreviewRequest,
      params: RequestParams = {},
    ) =>
      this.request<
        SuccessEnvelope & {
          /** The template filled in as a send would fill it now. */
          data: WhatsappTemplatePreview;
        },
        ErrorEnvelope
      >({
        path: `/api/saas/chat/templates/${templateName}/preview`,
        method: "POST",
        body: data,
        secure: true,
        type: "application/json",
        format: "json",
        ...params,
      }),

    /**
     * No description
     *
     * @tags WhatsApp
     * @name CollectionsList
     * @summary List the sources a template mapping may read
     * @request GET:/api/saas/chat/collections
     * @secure
     */
    collectionsList: (params: RequestParams = {}) =>
      this.request<
        SuccessEnvelope & {
          data: TemplateCollection[];
        },
        ErrorEnvelope
      >({
        path: `/api/saas/chat/collections`,
        method: "GET",
        secure: true,
        format: "json",
        ...params,
      }),

    /**
     * @description The fields a mapping may name in the collection, with their types, read from the API's own schemas (the lead's documented fields, the Pipeline, Stage and Conversation schemas). The keys of `event` (`variables`, `data`) are whatever the trigger sends, so any is accepted; `metadata` lists the `refs.*` and `extra.*` keys the tenant's leads use, and accepts others.
     *
     * @tags WhatsApp
     * @name CollectionsFields
     * @summary List a collection's fields
     * @request GET:/api/saas/chat/collections/{name}/fields
     * @secure
     */
    collectionsFields: (name: string, params: RequestParams = {}) =>
      this.request<
        SuccessEnvelope & {
          data: TemplateCollectionField[];
        },
        ErrorEnvelope
      >({
        path: `/api/saas/chat/collections/${name}/fields`,
        method: "GET",
        secure: true,
        format: "json",
        ...params,
      }),

    /**
     * @description Meta calls this once when the webhook is configured in the app dashboard (one shared callback URL for every tenant). With `hub.mode=subscribe` and a `hub.verify_token` equal to some tenant's `whatsappWebhookToken` secret or the platform's `WHATSAPP_VERIFY_TOKEN`, the answer is the `hub.challenge` as plain text; anything else is 403.
     *
     * @tags WhatsApp
     * @name WebhooksVerifyWhatsapp
     * @summary Answer Meta's webhook verification handshake
     * @request GET:/api/webhooks/whatsapp
     */
    webhooksVerifyWhatsapp: (
      query: {
        /**
         * @maxLength 100
         * @example "subscribe"
         */
        "hub.mode": string;
        /** @maxLength 500 */
        "hub.verify_token": string;
        /**
         * @maxLength 500
         * @example "1158201444"
         */
        "hub.challenge": string;
      },
      params: RequestParams = {},
    ) =>
      this.request<ClientCode, ErrorEnvelope>({
        path: `/api/webhooks/whatsapp`,
        method: "GET",
        query: query,
        ...params,
      }),

    /**
     * @description Meta's one shared webhook (`entry[].changes[].value` with `metadata`, `contacts`, `messages`, `statuses`), routed to tenants by `metadata.phone_number_id` (each tenant's `whatsappPhoneNumberId` secret). `X-Hub-Signature-256` must be `sha256=` and the hex HMAC-SHA256 of the exact body bytes under the app secret of the tenant owning each change's number (its `whatsappAppSecret` secret, else the platform's `WHATSAPP_APP_SECRET`); otherwise 401 and nothing is stored. A signed delivery is stored as received and acknowledged at once; a job applies it afterwards (retrying with backoff; one that keeps failing ends `failed`, logged). Applying is idempotent: a message or status Meta redelivers is applied once. Changes for a number no tenant has are acknowledged and logged, never refused (Meta would retry them for days). A signed body that is not a WhatsApp webhook (malformed JSON included) is stored, acknowledged and marked failed.
     *
     * @tags WhatsApp
     * @name WebhooksReceiveWhatsapp
     * @summary Receive Meta's WhatsApp webhook deliveries
     * @request POST:/api/webhooks/whatsapp
     */
    webhooksReceiveWhatsapp: (
      data: {
        /** @example "whatsapp_business_account" */
        object?: string;
        entry?: Record<string, any>[];
        [key: string]: any;
      },
      params: RequestParams = {},
    ) =>
      this.request<
        SuccessEnvelope & {
          data: {
            deliveryId: string | null;
          };
        },
        ErrorEnvelope
      >({
        path: `/api/webhooks/whatsapp`,
        method: "POST",
        body: data,
        type: "application/json",
        format: "json",
        ...params,
      }),

    /**
     * @description A WebSocket (RFC 6455) for one tenant's inbox events: send this GET with `Upgrade: websocket`, `Connection: Upgrade`, `Sec-WebSocket-Key` and `Sec-WebSocket-Version: 13` (any WebSocket client does; `realtime()` in `@ecodrix/sdk` also reconnects). The answer is `101 Switching Protocols`, then the server sends frames: text messages each holding one `RealtimeFrame` (`{type, data}`: `message:new`, `message:status`, `conversation:updated`, `conversation:deleted`, `callback:attempt` as each callback attempt starts, and `resync` when frames may have been missed). Clients send nothing; a message over 4 KiB closes the socket (1009). **Authentication**, either: - `x-api-key` + `x-client-code`, for server-side clients (a browser cannot set headers on a WebSocket); - `?token=` from `POST /api/saas/realtime/token`, for browsers, so the API key never reaches one: the tenant's server asks for the token and hands it to its page. A token connects within 60 s of being issued (`ECODRIX_REALTIME_TOKEN_TTL_SECONDS`); the socket then stays open. A request carrying `Origin` (every browser's does) must come from one of the tenant's allowed origins (`POST /api/saas/cors`), else 403. Refusals are the usual error envelope, sent before anything is upgraded. **The socket.** Events from every node reach it (ADR 0019), a tenant's in the order they were published. The server pings every 30 s (`ECODRIX_REALTIME_HEARTBEAT_MS`) and cuts a socket that has not answered the previous ping. A client that does not read its frames is dropped once 1 MiB waits for it (`ECODRIX_REALTIME_MAX_BUFFERED_BYTES`) with close code 1013 (try again later) after what was already queued. A server shutting down closes its sockets with 1001 (going away). After any close, reconnect with backoff and fetch what is shown again: frames are not replayed. A GET without `Upgrade: websocket` answers 426.
     *
     * @tags WhatsApp
     * @name RealtimeConnect
     * @summary Open the tenant's real-time socket (WebSocket)
     * @request GET:/api/saas/realtime
     * @secure
     */
    realtimeConnect: (params: RequestParams = {}) =>
      this.request<any, void | ErrorEnvelope>({
        path: `/api/saas/realtime`,
        method: "GET",
        secure: true,
        ...params,
      }),

    /**
     * @description For the tenant's server to hand to its browser page, which opens `GET /api/saas/realtime?token=<token>` without ever holding the API key. The token names only this tenant, is signed by the server (nothing is stored) and connects until `expiresAt`, 60 s after it was issued (`ECODRIX_REALTIME_TOKEN_TTL_SECONDS`); ask for a new one for each connection. It grants the socket and nothing else.
     *
     * @tags WhatsApp
     * @name RealtimeCreateToken
     * @summary Issue a token for a browser's real-time socket
     * @request POST:/api/saas/realtime/token
     * @secure
     */
    realtimeCreateToken: (params: RequestParams = {}) =>
      this.request<RealtimeTokenEnvelope, ErrorEnvelope>({
        path: `/api/saas/realtime/token`,
        method: "POST",
        secure: true,
        format: "json",
        ...params,
      }),
  };
}
