import { createRoute, z } from '@hono/zod-openapi'

export const ClientCodeSchema = z
  .string()
  .regex(/^[a-z][a-z0-9_]{2,39}$/)
  .openapi({
    description:
      'Tenant identifier; lowercase letters, digits and underscores, starting with a letter.',
    example: 'nirvisham',
  })
  .openapi('ClientCode')

export const CountryCodeSchema = z
  .string()
  .regex(/^[A-Z]{2}$/)
  .openapi({
    description:
      "An ISO 3166-1 alpha-2 country code, upper case: the country a tenant's phone numbers written\nwithout a country code are read in (`09876543210` in `IN` is `+919876543210`, `020 7946 0018` in\n`GB` is `+442079460018`). A code with no numbering plan known to libphonenumber answers 400.\n",
    example: 'IN',
  })
  .openapi('CountryCode')

export const SecretsStatusSchema = z
  .object({
    whatsappToken: z.boolean(),
    whatsappBusinessId: z.boolean(),
    whatsappPhoneNumberId: z.boolean(),
    whatsappWebhookToken: z.boolean(),
    whatsappAppSecret: z.boolean(),
    whatsappMessagesPerSecond: z.boolean(),
    smtpHost: z.boolean(),
    smtpPort: z.boolean(),
    smtpUser: z.boolean(),
    smtpPass: z.boolean(),
    smtpFrom: z.boolean(),
    automationWebhookSecret: z.boolean(),
    googleRefreshToken: z.boolean(),
  })
  .openapi({
    description:
      'Which secrets are set (true) or not (false). Values are never shown. `googleRefreshToken` is\nstored by the Google OAuth callback (`GET /api/auth/google/connect`), never by the secrets route.\n',
    required: [
      'whatsappToken',
      'whatsappBusinessId',
      'whatsappPhoneNumberId',
      'whatsappWebhookToken',
      'whatsappAppSecret',
      'whatsappMessagesPerSecond',
      'smtpHost',
      'smtpPort',
      'smtpUser',
      'smtpPass',
      'smtpFrom',
      'automationWebhookSecret',
      'googleRefreshToken',
    ],
  })
  .openapi('SecretsStatus')

export const DatasourceInfoSchema = z
  .object({
    host: z.string().openapi({ example: 'db.internal:5432' }),
    database: z.string().openapi({ example: 'nirvisham' }),
    schema: z.string().openapi({ example: 'tenant_nirvisham' }),
  })
  .openapi({
    description: "The tenant's own database, without credentials.",
    required: ['host', 'database', 'schema'],
  })
  .openapi('DatasourceInfo')

export const ClientSchema = z
  .object({
    clientCode: ClientCodeSchema,
    name: z.string(),
    status: z.literal('active'),
    defaultCountry: CountryCodeSchema,
    createdAt: z.iso.datetime(),
    secrets: SecretsStatusSchema,
    datasource: z
      .xor([DatasourceInfoSchema, z.null().nullable()])
      .openapi({
        description: "Where the tenant's data lives; `null` means the platform database.",
      }),
    corsOrigins: z.array(z.url()),
  })
  .openapi({
    required: [
      'clientCode',
      'name',
      'status',
      'defaultCountry',
      'createdAt',
      'secrets',
      'datasource',
      'corsOrigins',
    ],
    example: {
      clientCode: 'nirvisham',
      name: 'Nirvisham Clinics',
      status: 'active',
      defaultCountry: 'IN',
      createdAt: '2026-03-01T10:00:00.000Z',
      secrets: {
        whatsappToken: true,
        whatsappBusinessId: true,
        whatsappPhoneNumberId: true,
        whatsappWebhookToken: false,
        smtpHost: false,
        smtpPort: false,
        smtpUser: false,
        smtpPass: false,
        smtpFrom: false,
        automationWebhookSecret: true,
        googleRefreshToken: false,
      },
      datasource: null,
      corsOrigins: ['https://client-domain.com'],
    },
  })
  .openapi('Client')

export const ClientCredentialsSchema = z
  .object({
    clientCode: ClientCodeSchema,
    name: z.string(),
    defaultCountry: CountryCodeSchema,
    apiKey: z
      .string()
      .openapi({
        description: 'Send as `x-api-key`. Stored only as a hash; it cannot be shown again.',
      }),
    webhookSecret: z
      .string()
      .regex(/^whsec_[A-Za-z0-9+\/]{43}=$/)
      .openapi({
        description:
          "Signs callbacks: `webhook-signature` (Standard Webhooks; pass it as is to `new Webhook(secret)` of the `standardwebhooks` package, or to the SDK's `verifyWebhook`) and `x-ecodrix-signature` (HMAC-SHA256 keyed with this string's UTF-8 bytes). `whsec_` and base64 of a 256-bit key. Also stored as the `automationWebhookSecret` secret.",
      }),
    createdAt: z.iso.datetime(),
  })
  .openapi({
    description:
      "A new tenant's credentials. `apiKey` and `webhookSecret` are shown only in this answer.",
    required: ['clientCode', 'name', 'defaultCountry', 'apiKey', 'webhookSecret', 'createdAt'],
    example: {
      clientCode: 'nirvisham',
      name: 'Nirvisham Clinics',
      defaultCountry: 'IN',
      apiKey: 'ecx_3q2x9Yl0v8mX1m0bq7VvZpWf6hQ4cB2nR5tJ8kL1sA0',
      webhookSecret: 'whsec_n4bQgYhMfWWaL+qgxVrQFaO/TxsrC4Is0V1sFbDwCgg=',
      createdAt: '2026-03-01T10:00:00.000Z',
    },
  })
  .openapi('ClientCredentials')

export const SuccessEnvelopeSchema = z
  .object({
    success: z.literal(true),
    message: z.string().exactOptional().openapi({ description: 'Optional human-readable note.' }),
  })
  .openapi({
    description: 'Fields every successful answer carries; `data` is defined per operation.',
    required: ['success'],
  })
  .openapi('SuccessEnvelope')

export const ClientEnvelopeSchema = SuccessEnvelopeSchema.and(
  z.object({ data: ClientSchema }).openapi({ required: ['data'] }),
).openapi('ClientEnvelope')

export const ServiceStatusSchema = z
  .enum(['connected', 'configured', 'not_configured'])
  .openapi({
    description:
      '`not_configured`: the tenant has not stored the credentials the service needs.\n`configured`: credentials are stored but a live check did not succeed (or has not been possible).\n`connected`: credentials are stored and a live check against the provider succeeded.\n',
  })
  .openapi('ServiceStatus')

export const ClientHealthSchema = z
  .object({
    clientCode: z.string(),
    services: z
      .object({
        whatsapp: ServiceStatusSchema,
        email: ServiceStatusSchema,
        googleMeet: ServiceStatusSchema,
      })
      .openapi({ required: ['whatsapp', 'email', 'googleMeet'] }),
    activeAutomations: z
      .int()
      .min(0)
      .openapi({ description: 'Automation rules of this tenant that are enabled.' }),
    queueDepth: z
      .int()
      .min(0)
      .openapi({ description: 'Background jobs of this tenant that are queued or running.' }),
  })
  .openapi({
    required: ['clientCode', 'services', 'activeAutomations', 'queueDepth'],
    example: {
      clientCode: 'nirvisham',
      services: { whatsapp: 'connected', email: 'configured', googleMeet: 'configured' },
      activeAutomations: 5,
      queueDepth: 0,
    },
  })
  .openapi('ClientHealth')

export const ConversationStatusSchema = z.enum(['open', 'closed']).openapi('ConversationStatus')

export const ConversationSchema = z
  .object({
    id: z.string(),
    phone: z
      .string()
      .openapi({
        description: "E.164 (`+919876543210`), normalised as the CRM's lead phones are.",
      }),
    name: z
      .string()
      .nullable()
      .openapi({
        description: "The contact's WhatsApp profile name, or the name given to the conversation.",
      }),
    leadId: z.string().nullable().openapi({ description: 'The CRM lead with this phone.' }),
    status: ConversationStatusSchema,
    assignedTo: z.string().nullable(),
    tags: z.array(z.string()),
    unreadCount: z.int().min(0),
    lastMessageAt: z.iso.datetime().nullable(),
    lastMessagePreview: z.string().nullable(),
    lastInboundAt: z.iso
      .datetime()
      .nullable()
      .openapi({
        description:
          "When the contact last wrote; it opens Meta's 24-hour customer-service window.",
      }),
    serviceWindowOpen: z
      .boolean()
      .openapi({
        description:
          'Whether free-form messages may be sent now (the contact wrote within 24 hours); templates always may.',
      }),
    serviceWindowEndsAt: z.iso.datetime().nullable(),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .openapi({
    description: "The tenant's WhatsApp conversation with one phone.",
    required: [
      'id',
      'phone',
      'name',
      'leadId',
      'status',
      'assignedTo',
      'tags',
      'unreadCount',
      'lastMessageAt',
      'lastMessagePreview',
      'lastInboundAt',
      'serviceWindowOpen',
      'serviceWindowEndsAt',
      'createdAt',
      'updatedAt',
    ],
  })
  .openapi('Conversation')

export const ConversationEnvelopeSchema = SuccessEnvelopeSchema.and(
  z.object({ data: ConversationSchema }).openapi({ required: ['data'] }),
).openapi('ConversationEnvelope')

export const CorsOriginRequestSchema = z
  .strictObject({
    url: z
      .url()
      .max(2048)
      .openapi({
        description:
          'An origin as browsers send it: `http` or `https`, a host and an optional port (a trailing\nslash is allowed). A path, query, fragment, credentials or control characters answer 400\nVALIDATION_ERROR. Stored in its canonical form (`https://Client-Domain.com:443` →\n`https://client-domain.com`).\n',
      }),
  })
  .openapi({ required: ['url'], example: { url: 'https://client-domain.com' } })
  .openapi('CorsOriginRequest')

export const CorsOriginsSchema = z
  .object({ origins: z.array(z.string()) })
  .openapi({ required: ['origins'], example: { origins: ['https://client-domain.com'] } })
  .openapi('CorsOrigins')

export const CorsOriginsEnvelopeSchema = SuccessEnvelopeSchema.and(
  z.object({ data: CorsOriginsSchema }).openapi({ required: ['data'] }),
).openapi('CorsOriginsEnvelope')

export const CreateClientRequestSchema = z
  .strictObject({
    name: z.string().min(1).max(120).openapi({ example: 'Nirvisham Clinics' }),
    clientCode: ClientCodeSchema.exactOptional(),
    defaultCountry: CountryCodeSchema.default('IN').exactOptional(),
  })
  .openapi({ required: ['name'], example: { name: 'Nirvisham Clinics', clientCode: 'nirvisham' } })
  .openapi('CreateClientRequest')

export const DatasourceRequestSchema = z
  .strictObject({
    dbUri: z
      .string()
      .regex(/^postgres(ql)?:\/\//)
      .max(2048)
      .openapi({
        description:
          "A PostgreSQL connection URI. ECODrIx connects, creates the tenant's schema there and runs its migrations.",
      }),
  })
  .openapi({
    required: ['dbUri'],
    example: { dbUri: 'postgres://ecodrix:secret@db.internal:5432/nirvisham' },
  })
  .openapi('DatasourceRequest')

export const ErrorCodeSchema = z
  .enum([
    'BAD_REQUEST',
    'INVALID_JSON',
    'VALIDATION_ERROR',
    'CALLBACK_URL_FORBIDDEN',
    'OAUTH_STATE_INVALID',
    'GOOGLE_OAUTH_FAILED',
    'UNAUTHORIZED',
    'FORBIDDEN',
    'NOT_FOUND',
    'CLIENT_NOT_FOUND',
    'LEAD_NOT_FOUND',
    'NOTE_NOT_FOUND',
    'PIPELINE_NOT_FOUND',
    'STAGE_NOT_FOUND',
    'RULE_NOT_FOUND',
    'EVENT_LOG_NOT_FOUND',
    'JOB_NOT_FOUND',
    'CONVERSATION_NOT_FOUND',
    'MESSAGE_NOT_FOUND',
    'TEMPLATE_NOT_FOUND',
    'BROADCAST_NOT_FOUND',
    'CALLBACK_NOT_FOUND',
    'METHOD_NOT_ALLOWED',
    'CONFLICT',
    'CLIENT_EXISTS',
    'DEFAULT_PIPELINE',
    'STAGE_HAS_LEADS',
    'LEAD_EXISTS',
    'MESSAGE_NOT_SENT',
    'BROADCAST_FINISHED',
    'IDEMPOTENCY_IN_PROGRESS',
    'PAYLOAD_TOO_LARGE',
    'UNSUPPORTED_MEDIA_TYPE',
    'DATASOURCE_UNREACHABLE',
    'IDEMPOTENCY_MISMATCH',
    'GOOGLE_NOT_CONFIGURED',
    'WHATSAPP_NOT_CONFIGURED',
    'WHATSAPP_REJECTED',
    'OUTSIDE_SERVICE_WINDOW',
    'TEMPLATE_NOT_APPROVED',
    'TEMPLATE_VARIABLE_EMPTY',
    'BROADCAST_NO_RECIPIENTS',
    'UPGRADE_REQUIRED',
    'RATE_LIMITED',
    'INTERNAL',
    'GOOGLE_UNAVAILABLE',
    'WHATSAPP_UNAVAILABLE',
    'WHATSAPP_UPSTREAM_ERROR',
    'DB_UNAVAILABLE',
    'SHUTTING_DOWN',
  ])
  .openapi({
    description:
      'Stable machine-readable reason of a failure: branch on it, never on `message`. This list is every\ncode the server answers; codes are never renamed, and a new one is added here first. Each code\nalways comes with the same HTTP status, given at the start of its meaning.\n',
    'x-enum-descriptions': {
      BAD_REQUEST:
        '400: the request is malformed in a way no more specific code names (a WebSocket handshake without its headers, say).',
      INVALID_JSON: '400: the body is not valid JSON.',
      VALIDATION_ERROR:
        '400: a parameter or the body breaks the schema or an input limit; `details` has one entry per offending field.',
      CALLBACK_URL_FORBIDDEN:
        '400: the callback URL is not a valid http(s) URL, or its host does not resolve or resolves to a private, loopback or link-local address.',
      OAUTH_STATE_INVALID:
        '400: the Google consent came back with an OAuth state that is unknown, expired or already used; start the connection again.',
      GOOGLE_OAUTH_FAILED:
        '400: Google did not grant the access asked for, or refused the authorization code; start the connection again.',
      UNAUTHORIZED: '401: credentials are missing or invalid (every failure answers alike).',
      FORBIDDEN:
        '403: the credentials are valid but not for this (an Origin not allowed for the tenant, an unknown webhook verify token).',
      NOT_FOUND:
        '404: no such route, or no such resource where no more specific code names it (a media file, a collection).',
      CLIENT_NOT_FOUND: '404: no client (tenant) with this code.',
      LEAD_NOT_FOUND: '404: no lead with this id for this tenant.',
      NOTE_NOT_FOUND: '404: no note with this id on this lead.',
      PIPELINE_NOT_FOUND: '404: no pipeline with this id for this tenant.',
      STAGE_NOT_FOUND: '404: no stage with this id in this pipeline.',
      RULE_NOT_FOUND: '404: no automation rule with this id for this tenant.',
      EVENT_LOG_NOT_FOUND: '404: no event log with this id for this tenant.',
      JOB_NOT_FOUND: '404: no scheduled job with this id for this tenant.',
      CONVERSATION_NOT_FOUND: '404: no conversation with this id for this tenant.',
      MESSAGE_NOT_FOUND: '404: no message with this id in this conversation.',
      TEMPLATE_NOT_FOUND:
        '404: no WhatsApp template with this name (and language) for this tenant.',
      BROADCAST_NOT_FOUND: '404: no broadcast with this id for this tenant.',
      CALLBACK_NOT_FOUND: '404: no callback delivery with this id for this tenant.',
      METHOD_NOT_ALLOWED: '405: the route exists but not with this method.',
      CONFLICT:
        '409: the change conflicts with existing data where no more specific code names it (deleting a last stage, a WhatsApp number another tenant holds).',
      CLIENT_EXISTS: '409: a client with this code already exists.',
      DEFAULT_PIPELINE:
        '409: the default pipeline cannot be archived; make another one the default first.',
      STAGE_HAS_LEADS:
        '409: the stage still holds leads; say where to move them (`moveLeadsToStageId`).',
      LEAD_EXISTS:
        '409: an open lead with this phone already exists for this tenant (`details` names the field).',
      MESSAGE_NOT_SENT:
        '409: the message has not reached WhatsApp yet, so it cannot carry a reaction.',
      BROADCAST_FINISHED: '409: the broadcast has already finished or been cancelled.',
      IDEMPOTENCY_IN_PROGRESS:
        '409: an earlier request with this `Idempotency-Key` is still running; retry later.',
      PAYLOAD_TOO_LARGE: '413: the body is larger than the server accepts.',
      UNSUPPORTED_MEDIA_TYPE: "415: the body's Content-Type is not one the operation declares.",
      DATASOURCE_UNREACHABLE:
        "422: the tenant's own database could not be reached, or its schema could not be created there.",
      IDEMPOTENCY_MISMATCH: '422: this `Idempotency-Key` was used for a different request.',
      GOOGLE_NOT_CONFIGURED:
        '422: this server has no Google OAuth credentials (GOOGLE_CLIENT_ID, GOOGLE_CLIENT_SECRET).',
      WHATSAPP_NOT_CONFIGURED:
        '422: the tenant has no WhatsApp number (or credentials) to send from.',
      WHATSAPP_REJECTED: '422: WhatsApp refused the request for good; its reason is in `message`.',
      OUTSIDE_SERVICE_WINDOW:
        '422: the contact has not written in the last 24 hours, so only an approved template may be sent.',
      TEMPLATE_NOT_APPROVED: '422: the template is not approved by Meta, so it cannot be sent.',
      TEMPLATE_VARIABLE_EMPTY:
        "422: a template variable has no value and the template's mapping says not to send it empty.",
      BROADCAST_NO_RECIPIENTS:
        '422: no recipient of the broadcast can be sent to; `details` says why for each.',
      UPGRADE_REQUIRED:
        '426: the real-time route takes a WebSocket connection (`Upgrade: websocket`).',
      RATE_LIMITED: '429: too many requests; retry after `Retry-After` seconds.',
      INTERNAL: '500: an unexpected failure; quote the request id.',
      GOOGLE_UNAVAILABLE: '502: Google could not be reached or failed; try again.',
      WHATSAPP_UNAVAILABLE: '502: WhatsApp could not take the request now; try again.',
      WHATSAPP_UPSTREAM_ERROR:
        '502: WhatsApp answered with an error while the server read from it (the template list).',
      DB_UNAVAILABLE: '503: the database is unreachable.',
      SHUTTING_DOWN: '503: this server node is shutting down; connect again.',
    },
    example: 'VALIDATION_ERROR',
  })
  .openapi('ErrorCode')

export const ValidationIssueSchema = z
  .object({
    path: z
      .string()
      .openapi({
        description: 'Where the problem is, e.g. `body.clientCode` or `query.limit`.',
        example: 'body.name',
      }),
    message: z.string().openapi({ example: 'Required' }),
  })
  .openapi({ required: ['path', 'message'] })
  .openapi('ValidationIssue')

export const ErrorEnvelopeSchema = z
  .object({
    success: z.literal(false),
    message: z
      .string()
      .openapi({
        description: 'Human-readable reason; never a stack trace.',
        example: 'Invalid request body',
      }),
    code: ErrorCodeSchema,
    requestId: z
      .string()
      .exactOptional()
      .openapi({
        description: 'Same value as the `x-request-id` response header.',
        example: '0d9c1b3e-6f1a-4c44-9f57-2f3c8a1f4b21',
      }),
    details: z
      .array(ValidationIssueSchema)
      .exactOptional()
      .openapi({ description: 'For VALIDATION_ERROR, one entry per offending field.' }),
  })
  .openapi({
    description: 'Every failed request answers with this envelope.',
    required: ['success', 'message', 'code'],
  })
  .openapi('ErrorEnvelope')

export const HealthSchema = z
  .object({
    status: z.literal('ok'),
    uptime: z.int().min(0).openapi({ description: 'Seconds since this server process started.' }),
    db: z.literal('connected'),
  })
  .openapi({
    required: ['status', 'uptime', 'db'],
    example: { status: 'ok', uptime: 3600, db: 'connected' },
  })
  .openapi('Health')

export const ImportLeadRowSchema = z
  .strictObject({
    firstName: z.string().max(100).exactOptional(),
    lastName: z.string().max(100).exactOptional(),
    phone: z.string().min(1).max(32),
    email: z.email().max(320).exactOptional(),
    source: z.string().max(100).exactOptional(),
    dealValue: z.number().min(0).max(999999999999).exactOptional(),
    dealTitle: z.string().max(200).exactOptional(),
    assignedTo: z.string().max(100).exactOptional(),
    tags: z.array(z.string().min(1).max(50)).max(50).exactOptional(),
  })
  .openapi({
    required: ['phone'],
    description:
      'One row of an import. In CSV, `tags` are separated by `;` and `dealValue` is a number.',
  })
  .openapi('ImportLeadRow')

export const PaginationSchema = z
  .object({
    total: z.int().min(0).openapi({ example: 250 }),
    page: z.int().min(1).openapi({ example: 1 }),
    limit: z.int().min(1).openapi({ example: 25 }),
    totalPages: z.int().min(0).openapi({ example: 10 }),
  })
  .openapi({
    description: 'Fields every paginated answer carries next to `data`.',
    required: ['total', 'page', 'limit', 'totalPages'],
  })
  .openapi('Pagination')

export const ReactionRequestSchema = z
  .strictObject({
    emoji: z
      .string()
      .max(32)
      .openapi({
        description:
          'One emoji grapheme — a skin tone, a ZWJ sequence ("👨‍👩‍👧") or a flag is one — or the empty string, which removes our reaction. Anything else ("👍👍", "a") is refused with 400 naming `body.emoji`.',
      }),
  })
  .openapi({ required: ['emoji'], example: { emoji: '👍' } })
  .openapi('ReactionRequest')

export const WhatsappMessageDirectionSchema = z
  .enum(['inbound', 'outbound'])
  .openapi('WhatsappMessageDirection')

export const WhatsappMessageTypeSchema = z
  .enum([
    'text',
    'image',
    'video',
    'audio',
    'document',
    'sticker',
    'location',
    'contacts',
    'interactive',
    'button',
    'template',
    'reaction',
    'unsupported',
  ])
  .openapi({
    description:
      "Meta's message types. `interactive` is a contact's reply to reply-buttons or a list, `button` a tap on a template's quick-reply button. A type this inbox does not know is kept as `unsupported`, with Meta's whole message in `content`.",
  })
  .openapi('WhatsappMessageType')

export const WhatsappMessageStatusSchema = z
  .enum(['received', 'queued', 'sent', 'delivered', 'read', 'failed'])
  .openapi({
    description:
      "An inbound message is `received`. An outbound one is `queued` until Graph accepts it (`sent`), then moves forward only (`delivered`, `read`) as Meta's statuses arrive — a late `delivered` never overwrites `read` — or ends `failed` with Meta's error code and title.",
  })
  .openapi('WhatsappMessageStatus')

export const WhatsappMediaSchema = z
  .object({
    id: z
      .string()
      .nullable()
      .openapi({ description: "Meta's media id, when Meta holds the media." }),
    url: z
      .string()
      .nullable()
      .openapi({
        description:
          'Where the media is served from (our media storage, or the link an outbound message was sent with).',
      }),
    mimeType: z.string().nullable(),
    size: z.int().nullable().openapi({ description: 'Bytes.' }),
    filename: z.string().nullable().openapi({ description: "A document's file name." }),
    error: z
      .string()
      .nullable()
      .openapi({ description: 'Why the media could not be fetched from Meta.' }),
  })
  .openapi({
    description:
      "The media of an image, video, audio, document or sticker message. Inbound media is fetched from Meta into media storage after the message is stored: until then (or when fetching failed, see `error`) `url` is null and `id` is Meta's media id.",
    required: ['id', 'url', 'mimeType', 'size', 'filename', 'error'],
  })
  .openapi('WhatsappMedia')

export const WhatsappMessageSchema = z
  .object({
    id: z.string(),
    conversationId: z.string(),
    wamid: z
      .string()
      .nullable()
      .openapi({
        description: "Meta's message id; an outbound message gets it when Graph accepts it.",
      }),
    direction: WhatsappMessageDirectionSchema,
    type: WhatsappMessageTypeSchema,
    status: WhatsappMessageStatusSchema,
    text: z
      .string()
      .nullable()
      .openapi({
        description:
          'The text, a media caption, or the title of the button or list row a contact chose.',
      }),
    content: z
      .looseObject({})
      .openapi({
        description:
          "The type's own fields as Meta names them: the `location`, `contacts`, `interactive`, `button` or media object of an inbound message, the template and its parameters of an outbound one; for `unsupported`, Meta's whole message.",
      }),
    media: z.xor([WhatsappMediaSchema, z.null().nullable()]),
    replyTo: z
      .xor([
        z
          .object({ id: z.string().nullable(), wamid: z.string().nullable() })
          .openapi({ required: ['id', 'wamid'] }),
        z.null().nullable(),
      ])
      .openapi({
        description:
          "The message this one answers (Meta's `context`); `id` is null when that message is not in the inbox.",
      }),
    reaction: z
      .string()
      .nullable()
      .openapi({ description: 'Our reaction to this message (an emoji).' }),
    contactReaction: z
      .string()
      .nullable()
      .openapi({ description: "The contact's reaction to this message (an emoji)." }),
    starred: z.boolean(),
    error: z
      .xor([
        z
          .object({ code: z.int().nullable(), title: z.string().nullable() })
          .openapi({ required: ['code', 'title'] }),
        z.null().nullable(),
      ])
      .openapi({
        description: "Meta's error when the message failed (e.g. `131026` Message undeliverable).",
      }),
    eventLogId: z
      .string()
      .nullable()
      .openapi({
        description: 'The automation event whose `send_whatsapp` action sent this message.',
      }),
    sentAt: z.iso.datetime().nullable(),
    deliveredAt: z.iso.datetime().nullable(),
    readAt: z.iso.datetime().nullable(),
    failedAt: z.iso.datetime().nullable(),
    createdAt: z.iso
      .datetime()
      .openapi({
        description:
          "Meta's timestamp for an inbound message; when it was queued for an outbound one.",
      }),
    updatedAt: z.iso.datetime(),
  })
  .openapi({
    description:
      'A message of a conversation, received from the contact (`inbound`) or sent to them (`outbound`).',
    required: [
      'id',
      'conversationId',
      'wamid',
      'direction',
      'type',
      'status',
      'text',
      'content',
      'media',
      'replyTo',
      'reaction',
      'contactReaction',
      'starred',
      'error',
      'eventLogId',
      'sentAt',
      'deliveredAt',
      'readAt',
      'failedAt',
      'createdAt',
      'updatedAt',
    ],
  })
  .openapi('WhatsappMessage')

export const RealtimeMessageNewFrameSchema = z
  .object({ type: z.literal('message:new'), data: WhatsappMessageSchema })
  .openapi({
    description:
      'A message was added to a conversation (received from the contact, or queued to be sent).',
    required: ['type', 'data'],
  })
  .openapi('RealtimeMessageNewFrame')

export const RealtimeMessageStatusFrameSchema = z
  .object({ type: z.literal('message:status'), data: WhatsappMessageSchema })
  .openapi({
    description:
      "A message's status moved (`sent`, `delivered`, `read`, `failed`); `data` is the message as it is now.",
    required: ['type', 'data'],
  })
  .openapi('RealtimeMessageStatusFrame')

export const RealtimeConversationUpdatedFrameSchema = z
  .object({ type: z.literal('conversation:updated'), data: ConversationSchema })
  .openapi({
    description:
      'A conversation changed (new message, unread count, status, assignee, tags, name); `data` is the conversation as it is now.',
    required: ['type', 'data'],
  })
  .openapi('RealtimeConversationUpdatedFrame')

export const RealtimeConversationDeletedFrameSchema = z
  .object({
    type: z.literal('conversation:deleted'),
    data: z
      .object({ id: z.string().openapi({ description: "The deleted conversation's id." }) })
      .openapi({ required: ['id'] }),
  })
  .openapi({
    description: 'A conversation was deleted, with its messages.',
    required: ['type', 'data'],
  })
  .openapi('RealtimeConversationDeletedFrame')

export const RealtimeResyncFrameSchema = z
  .object({
    type: z.literal('resync'),
    data: z
      .object({
        reason: z
          .string()
          .openapi({
            description: 'Why, for logs; new reasons may be added.',
            examples: ['listener_reconnected', 'frame_lost'],
          }),
      })
      .openapi({ required: ['reason'] }),
  })
  .openapi({
    description:
      "Frames may have been missed: this node's connection to the event channel was lost and is back\n(`listener_reconnected`), or a large frame could not be read in time (`frame_lost`). Fetch what\nis shown again (conversations, open messages). Clients should do the same after reconnecting.\n",
    required: ['type', 'data'],
  })
  .openapi('RealtimeResyncFrame')

export const RealtimeCallbackAttemptFrameSchema = z
  .object({
    type: z.literal('callback:attempt'),
    data: z
      .strictObject({
        deliveryId: z
          .string()
          .openapi({ description: 'The delivery (`webhook-id`), stable across retries.' }),
        eventLogId: z.string(),
        attempt: z.int().min(1),
        url: z.string().openapi({ description: 'The callbackUrl the attempt posts to.' }),
        body: z
          .string()
          .openapi({
            description: 'The exact bytes posted (the signed content), as a JSON string.',
          }),
      })
      .openapi({ required: ['deliveryId', 'eventLogId', 'attempt', 'url', 'body'] }),
  })
  .openapi({
    description:
      "A callback attempt is starting: what is being POSTed to the trigger's `callbackUrl`, once per\nattempt (a retry or a resend is another frame with the same `deliveryId`). `ecodrix listen`\nforwards these to a local URL, signed as the attempt is.\n",
    required: ['type', 'data'],
  })
  .openapi('RealtimeCallbackAttemptFrame')

export const RealtimeFrameSchema = z
  .xor([
    RealtimeMessageNewFrameSchema,
    RealtimeMessageStatusFrameSchema,
    RealtimeConversationUpdatedFrameSchema,
    RealtimeConversationDeletedFrameSchema,
    RealtimeResyncFrameSchema,
    RealtimeCallbackAttemptFrameSchema,
  ])
  .openapi({
    description:
      'One frame of `GET /api/saas/realtime`: a WebSocket text message holding this JSON. `type` tells\nwhat `data` is. Frames of one tenant arrive in the order they were published; a client that gets\n`resync` (or reconnects) has missed frames and should fetch what it shows again.\n',
    discriminator: {
      propertyName: 'type',
      mapping: {
        'message:new': '#/components/schemas/RealtimeMessageNewFrame',
        'message:status': '#/components/schemas/RealtimeMessageStatusFrame',
        'conversation:updated': '#/components/schemas/RealtimeConversationUpdatedFrame',
        'conversation:deleted': '#/components/schemas/RealtimeConversationDeletedFrame',
        resync: '#/components/schemas/RealtimeResyncFrame',
        'callback:attempt': '#/components/schemas/RealtimeCallbackAttemptFrame',
      },
    },
  })
  .openapi('RealtimeFrame')

export const WorkflowCompletedCallbackActionSchema = z
  .object({
    ruleId: z
      .string()
      .nullable()
      .openapi({ description: 'Null once the rule has been deleted (`ruleName` keeps its name).' }),
    ruleName: z.string(),
    type: z.string().openapi({ examples: ['send_whatsapp'] }),
    status: z.enum(['ok', 'failed', 'skipped']),
    reason: z.string().nullable().openapi({ description: 'Why the action failed or was skipped.' }),
    result: z
      .looseObject({})
      .nullable()
      .openapi({ description: 'What the action produced (a message id, the new stage…).' }),
  })
  .openapi({
    description: 'One action of a finished event, as the callback reports it.',
    required: ['ruleId', 'ruleName', 'type', 'status', 'reason', 'result'],
  })
  .openapi('WorkflowCompletedCallbackAction')

export const WorkflowCompletedCallbackSchema = z
  .object({
    id: z
      .string()
      .openapi({
        description:
          'The delivery id, also sent as `webhook-id`; the same on every retry (deduplicate by it).',
      }),
    type: z.literal('workflow.completed'),
    trigger: z.string(),
    eventLogId: z
      .string()
      .openapi({ description: '`GET /api/saas/events/{eventLogId}` has the full trace.' }),
    leadId: z.string().nullable(),
    status: z
      .enum(['completed', 'partial', 'failed'])
      .openapi({ description: "The event log's final status (see `EventLogStatus`)." }),
    meetLink: z.string().nullable(),
    meetWarning: z
      .string()
      .nullable()
      .openapi({ description: 'Why no Meet link was made when `requiresMeet` asked for one.' }),
    actions: z
      .array(WorkflowCompletedCallbackActionSchema)
      .openapi({ description: 'Every action of every matched rule, in the order they ran.' }),
    metadata: z
      .looseObject({})
      .openapi({ description: "The trigger's `callbackMetadata` (`{}` when it had none)." }),
    timestamp: z.iso.datetime().openapi({ description: 'When the event log finished.' }),
  })
  .openapi({
    description:
      'The body of a `workflow.completed` callback: what one trigger did, posted to its `callbackUrl`\nonce its event log is finished. The same bytes on every retry (`EventCallback.body`).\n',
    required: [
      'id',
      'type',
      'trigger',
      'eventLogId',
      'leadId',
      'status',
      'meetLink',
      'meetWarning',
      'actions',
      'metadata',
      'timestamp',
    ],
    example: {
      id: '3f0c8a52-2b7e-4f39-9d6e-0c1a9b7e5d21',
      type: 'workflow.completed',
      trigger: 'appointment_confirmed',
      eventLogId: '6650a1b2c3d4e5f601234567',
      leadId: '6650a1b2c3d4e5f601234568',
      status: 'completed',
      meetLink: 'https://meet.google.com/abc-defg-hij',
      meetWarning: null,
      actions: [
        {
          ruleId: '6650a1b2c3d4e5f601234569',
          ruleName: 'Appointment Confirmed WA',
          type: 'send_whatsapp',
          status: 'ok',
          reason: null,
          result: { messageId: 'wamid.HBgMOTE5ODc2NTQzMjEw' },
        },
      ],
      metadata: { appointmentId: '6abc123' },
      timestamp: '2026-03-01T10:00:05.000Z',
    },
  })
  .openapi('WorkflowCompletedCallback')

export const RotateApiKeyRequestSchema = z
  .strictObject({
    gracePeriodSeconds: z
      .int()
      .min(0)
      .max(604800)
      .default(0)
      .exactOptional()
      .openapi({
        description:
          'How long the keys being replaced keep working (0 revokes them at once; at most 7 days).',
      }),
  })
  .openapi({ example: { gracePeriodSeconds: 3600 } })
  .openapi('RotateApiKeyRequest')

export const RotatedApiKeySchema = z
  .object({
    clientCode: ClientCodeSchema,
    apiKey: z.string().openapi({ description: 'The new key, shown only in this answer.' }),
    previousKeysExpireAt: z.iso
      .datetime()
      .openapi({ description: 'When the replaced keys stop working.' }),
  })
  .openapi({
    required: ['clientCode', 'apiKey', 'previousKeysExpireAt'],
    example: {
      clientCode: 'nirvisham',
      apiKey: 'ecx_Hk2m9Yl0v8mX1m0bq7VvZpWf6hQ4cB2nR5tJ8kL1sZ9',
      previousKeysExpireAt: '2026-03-01T11:00:00.000Z',
    },
  })
  .openapi('RotatedApiKey')

export const SecretsUpdateSchema = z
  .strictObject({
    whatsappToken: z.string().min(1).max(4096).nullable().exactOptional(),
    whatsappBusinessId: z.string().min(1).max(64).nullable().exactOptional(),
    whatsappPhoneNumberId: z.string().min(1).max(64).nullable().exactOptional(),
    whatsappWebhookToken: z
      .string()
      .min(1)
      .max(256)
      .nullable()
      .exactOptional()
      .openapi({
        description:
          "The verify token Meta's webhook handshake (`GET /api/webhooks/whatsapp`) must present.",
      }),
    whatsappAppSecret: z
      .string()
      .min(1)
      .max(256)
      .nullable()
      .exactOptional()
      .openapi({
        description:
          "The Meta app's secret, which signs webhook deliveries (`X-Hub-Signature-256`); else the platform's `WHATSAPP_APP_SECRET`.",
      }),
    whatsappMessagesPerSecond: z
      .int()
      .min(1)
      .max(1000)
      .nullable()
      .exactOptional()
      .openapi({
        description:
          "How many messages a second the tenant's number may send (Meta's throughput for the number; 80 when not set).",
      }),
    smtpHost: z.string().min(1).max(255).nullable().exactOptional(),
    smtpPort: z.int().min(1).max(65535).nullable().exactOptional(),
    smtpUser: z.string().min(1).max(255).nullable().exactOptional(),
    smtpPass: z.string().min(1).max(1024).nullable().exactOptional(),
    smtpFrom: z.string().min(3).max(320).nullable().exactOptional(),
    automationWebhookSecret: z
      .string()
      .regex(
        /^(?:whsec_(?:[A-Za-z0-9+\/]{4}){8,32}(?:[A-Za-z0-9+\/]{2}==|[A-Za-z0-9+\/]{3}=)?|[0-9a-fA-F]{32,128})$/,
      )
      .nullable()
      .exactOptional()
      .openapi({
        description:
          '`whsec_` and base64 of a 24- to 96-byte key (Standard Webhooks form, what onboarding gives), or 32 to 128 hexadecimal characters (the older form, whose own UTF-8 bytes are the Standard Webhooks key).',
      }),
  })
  .refine((o) => Object.keys(o).length >= 1)
  .openapi({
    description:
      'Secrets to store, encrypted with AES-256-GCM. Only the names present are changed;\n`null` removes a secret. Values are never returned.\n',
    example: {
      whatsappToken: 'EAAG...',
      whatsappBusinessId: '102938475610293',
      whatsappPhoneNumberId: '109876543210987',
      smtpHost: 'smtp.example.com',
      smtpPort: 587,
      smtpUser: 'mailer@example.com',
      smtpPass: 'app-password',
      smtpFrom: 'Nirvisham <mailer@example.com>',
    },
  })
  .openapi('SecretsUpdate')

export const UploadedMediaSchema = z
  .strictObject({
    url: z
      .url()
      .openapi({
        description:
          "Where the file is served: `GET /api/saas/chat/media/{clientCode}/{fileName}` on this server (public, an unguessable name), or the bucket's `S3_PUBLIC_URL`. Send it as `mediaUrl` with `POST /api/saas/chat/send`.",
        example: 'http://localhost:3000/api/saas/chat/media/nirvisham/q1w2e3r4t5y6u7i8o9p0aA.jpg',
      }),
    mimeType: z
      .enum([
        'image/jpeg',
        'image/png',
        'image/webp',
        'video/mp4',
        'video/3gpp',
        'audio/aac',
        'audio/amr',
        'audio/mpeg',
        'audio/mp4',
        'audio/ogg',
        'application/pdf',
        'application/msword',
        'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
        'application/vnd.ms-excel',
        'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        'application/vnd.ms-powerpoint',
        'application/vnd.openxmlformats-officedocument.presentationml.presentation',
        'text/plain',
      ])
      .openapi({ example: 'image/jpeg' }),
    size: z.int().min(0).openapi({ description: 'Bytes stored.', example: 48213 }),
    width: z
      .int()
      .min(1)
      .exactOptional()
      .openapi({ description: 'Pixels, images only (after orientation).', example: 1080 }),
    height: z
      .int()
      .min(1)
      .exactOptional()
      .openapi({
        description: 'Pixels, images only (after orientation; one frame of an animated sticker).',
        example: 1350,
      }),
  })
  .openapi({
    description:
      "A file kept in media storage. `mimeType` is read from the file's bytes, not from its name or declared type. Images (JPEG, PNG, WebP) are re-encoded without their metadata (EXIF with GPS, XMP, IPTC, ICC) and with their EXIF orientation applied, so `size`, `width` and `height` are those of the stored image.",
    required: ['url', 'mimeType', 'size'],
  })
  .openapi('UploadedMedia')

export const WhatsappMessageEnvelopeSchema = SuccessEnvelopeSchema.and(
  z.object({ data: WhatsappMessageSchema }).openapi({ required: ['data'] }),
).openapi('WhatsappMessageEnvelope')

export const UpdateClientRequestSchema = z
  .strictObject({
    name: z.string().min(1).max(120).exactOptional(),
    defaultCountry: CountryCodeSchema.exactOptional(),
  })
  .refine((o) => Object.keys(o).length >= 1)
  .openapi({ example: { defaultCountry: 'GB' } })
  .openapi('UpdateClientRequest')

export const GoogleConnectLinkSchema = z
  .object({
    url: z
      .url()
      .openapi({
        description:
          "`GET /api/auth/google/connect` with the client's code and a one-time token. It works once,\nuntil `expiresAt`, and only for this client. Shown only in this answer.\n",
      }),
    expiresAt: z.iso
      .datetime()
      .openapi({
        description:
          'When the link stops working if nobody opened it (10 minutes after it was issued).',
      }),
  })
  .openapi({
    description: "A link that connects a client's Google Calendar, to open once in a browser.",
    required: ['url', 'expiresAt'],
    example: {
      url: 'http://localhost:3000/api/auth/google/connect?clientCode=nirvisham&token=q3ZC9m1yVt0hG8sKx2LrW5bN7pE4jA6dF0cU1iO9zYk',
      expiresAt: '2026-03-01T10:10:00.000Z',
    },
  })
  .openapi('GoogleConnectLink')

export const LeadStatusSchema = z.enum(['open', 'won', 'lost', 'archived']).openapi('LeadStatus')

export const LeadSchema = z
  .object({
    id: z.string(),
    firstName: z.string().nullable(),
    lastName: z.string().nullable(),
    phone: z
      .string()
      .nullable()
      .openapi({
        description:
          'E.164 (`+919876543210`), so `09876543210`, `919876543210` and `+91 98765 43210` are one person.',
      }),
    email: z.string().nullable(),
    source: z.string().nullable(),
    status: LeadStatusSchema,
    pipelineId: z.string(),
    stageId: z.string(),
    pipeline: z
      .object({ id: z.string(), name: z.string() })
      .exactOptional()
      .openapi({ description: 'Present when a single lead is read.', required: ['id', 'name'] }),
    stage: z
      .object({
        id: z.string(),
        name: z.string(),
        color: z.string(),
        probability: z.int(),
        isWon: z.boolean(),
        isLost: z.boolean(),
      })
      .exactOptional()
      .openapi({
        description: 'Present when a single lead is read.',
        required: ['id', 'name', 'color', 'probability', 'isWon', 'isLost'],
      }),
    assignedTo: z.string().nullable(),
    tags: z.array(z.string()),
    score: z.int().min(0).max(100),
    dealValue: z.number().nullable(),
    dealTitle: z.string().nullable(),
    metadata: z
      .object({ refs: z.record(z.string(), z.string()), extra: z.looseObject({}) })
      .openapi({ required: ['refs', 'extra'] }),
    closeReason: z.string().nullable(),
    closedAt: z.iso.datetime().nullable(),
    lastContactedAt: z.iso.datetime().nullable(),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .openapi({
    required: [
      'id',
      'firstName',
      'lastName',
      'phone',
      'email',
      'source',
      'status',
      'pipelineId',
      'stageId',
      'assignedTo',
      'tags',
      'score',
      'dealValue',
      'dealTitle',
      'metadata',
      'closeReason',
      'closedAt',
      'lastContactedAt',
      'createdAt',
      'updatedAt',
    ],
  })
  .openapi('Lead')

export const LeadMetadataSchema = z
  .object({
    refs: z
      .record(z.string(), z.string().max(200))
      .exactOptional()
      .openapi({ example: { appointmentId: '6789aaa', bookingId: '6789bbb' } }),
    extra: z
      .looseObject({})
      .exactOptional()
      .openapi({ example: { appointmentDate: '2026-03-01', plan: 'Premium' } }),
  })
  .openapi({
    description:
      'Free-form cross references (`refs`, string ids from your systems) and extra fields.',
  })
  .openapi('LeadMetadata')

export const CreateLeadRequestSchema = z
  .strictObject({
    firstName: z.string().min(1).max(100).exactOptional(),
    lastName: z.string().max(100).exactOptional(),
    phone: z
      .string()
      .max(32)
      .exactOptional()
      .openapi({
        description:
          "Any common notation, stored as E.164: with a country code (`+91 98765-43210`, `0091 98765 43210`,\n`919876543210`) or without, read in the tenant's `defaultCountry` (`09876543210` or `9876543210`\nin `IN` is `+919876543210`). A number of no possible length for its country, or with an\nextension, answers 400 `VALIDATION_ERROR`.\n",
      }),
    email: z.email().max(320).exactOptional(),
    source: z.string().max(100).exactOptional(),
    dealValue: z.number().min(0).max(999999999999).exactOptional(),
    dealTitle: z.string().max(200).exactOptional(),
    pipelineId: z
      .string()
      .max(64)
      .exactOptional()
      .openapi({
        description: "An unknown or another tenant's pipeline answers 404 PIPELINE_NOT_FOUND.",
      }),
    stageId: z
      .string()
      .max(64)
      .exactOptional()
      .openapi({
        description: "An unknown or another tenant's stage answers 404 STAGE_NOT_FOUND.",
      }),
    assignedTo: z.string().max(100).exactOptional(),
    tags: z.array(z.string().min(1).max(50)).max(50).exactOptional(),
    metadata: LeadMetadataSchema.exactOptional(),
  })
  .openapi({
    description:
      "A lead needs at least a phone or an email. Without `pipelineId`/`stageId` it joins the default pipeline's first stage.",
    example: {
      firstName: 'Suresh',
      lastName: 'Rao',
      phone: '+919876543210',
      email: 'suresh@example.com',
      source: 'website',
      dealValue: 120000,
      dealTitle: 'OPD Automation Package',
      metadata: {
        refs: { appointmentId: '6789aaa', bookingId: '6789bbb' },
        extra: { appointmentDate: '2026-03-01', plan: 'Premium' },
      },
    },
  })
  .openapi('CreateLeadRequest')

export const LeadEnvelopeSchema = SuccessEnvelopeSchema.and(
  z.object({ data: LeadSchema }).openapi({ required: ['data'] }),
).openapi('LeadEnvelope')

export const ImportLeadsResultSchema = z
  .object({
    created: z.int().min(0),
    updated: z.int().min(0),
    errors: z
      .array(
        z
          .object({ row: z.int(), path: z.string(), message: z.string() })
          .openapi({ required: ['row', 'path', 'message'] }),
      )
      .openapi({
        description:
          'Rows that were not imported (1-based row numbers; in CSV the header is row 0).',
      }),
  })
  .openapi({
    required: ['created', 'updated', 'errors'],
    example: {
      created: 2,
      updated: 1,
      errors: [
        {
          row: 4,
          path: 'phone',
          message:
            'Expected one phone number of a possible length, without an extension; without a country code it is read as IN',
        },
      ],
    },
  })
  .openapi('ImportLeadsResult')

export const UpdateLeadRequestSchema = z
  .strictObject({
    firstName: z.string().min(1).max(100).nullable().exactOptional(),
    lastName: z.string().max(100).nullable().exactOptional(),
    phone: z.string().max(32).nullable().exactOptional(),
    email: z.email().max(320).nullable().exactOptional(),
    source: z.string().max(100).nullable().exactOptional(),
    dealValue: z.number().min(0).max(999999999999).nullable().exactOptional(),
    dealTitle: z.string().max(200).nullable().exactOptional(),
    assignedTo: z.string().max(100).nullable().exactOptional(),
  })
  .refine((o) => Object.keys(o).length >= 1)
  .openapi({
    description:
      'Core fields to change; `null` clears an optional one. Tags, stage and status have their own\noperations (`/tags`, `/move`, `/convert`, `/archive`) so each change is recorded as what it is.\n',
    example: { dealValue: 150000, assignedTo: 'priya' },
  })
  .openapi('UpdateLeadRequest')

export const LeadTagsRequestSchema = z
  .strictObject({
    add: z.array(z.string().min(1).max(50)).max(50).exactOptional(),
    remove: z.array(z.string().min(1).max(50)).max(50).exactOptional(),
  })
  .refine((o) => Object.keys(o).length >= 1)
  .openapi({
    description: 'Tags to add and to remove, applied together in one atomic change.',
    example: { add: ['hot', 'vip'], remove: ['cold'] },
  })
  .openapi('LeadTagsRequest')

export const MoveLeadRequestSchema = z
  .strictObject({
    stageId: z
      .string()
      .max(64)
      .openapi({
        description:
          "A stage of the lead's pipeline; an unknown or another tenant's stage answers 404 STAGE_NOT_FOUND.",
      }),
  })
  .openapi({ required: ['stageId'], example: { stageId: '3f0b6f5e-7a59-4c31-9a53-0c4a1b2d3e4f' } })
  .openapi('MoveLeadRequest')

export const LeadMetadataUpdateSchema = z
  .strictObject({
    refs: z.record(z.string(), z.string().max(200).nullable()).exactOptional(),
    extra: z.looseObject({}).exactOptional(),
  })
  .refine((o) => Object.keys(o).length >= 1)
  .openapi({ example: { refs: { appointmentId: 'new-id' }, extra: { plan: 'Enterprise' } } })
  .openapi('LeadMetadataUpdate')

export const ConvertLeadRequestSchema = z
  .strictObject({ status: z.enum(['won', 'lost']), reason: z.string().max(500).exactOptional() })
  .openapi({ required: ['status'], example: { status: 'won', reason: 'Signed contract' } })
  .openapi('ConvertLeadRequest')

export const ActivitySchema = z
  .object({
    id: z.string(),
    leadId: z.string(),
    type: z
      .string()
      .openapi({
        description:
          'A manual type (see `ActivityType`) or a system one such as `lead_created`, `stage_moved`, `tag_added`, `field_updated`, `status_changed`, `duplicate_archived`, `note_added`, `note_edited`, `note_deleted`.',
      }),
    title: z.string(),
    body: z.string().nullable(),
    performedBy: z.string().nullable(),
    data: z
      .looseObject({})
      .openapi({
        description:
          'Type-specific details; a call carries `{durationMinutes, outcome}`, a note change `{noteId}`.',
      }),
    createdAt: z.iso.datetime(),
  })
  .openapi({
    description:
      "An entry of a lead's history: logged by hand (meeting, email, call…) or written by the system (lead_created, stage_moved, tag_added…).",
    required: ['id', 'leadId', 'type', 'title', 'body', 'performedBy', 'data', 'createdAt'],
  })
  .openapi('Activity')

export const NoteSchema = z
  .object({
    id: z.string(),
    leadId: z.string(),
    content: z.string(),
    createdBy: z.string().nullable(),
    isPinned: z.boolean(),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .openapi({
    required: ['id', 'leadId', 'content', 'createdBy', 'isPinned', 'createdAt', 'updatedAt'],
  })
  .openapi('Note')

export const TimelineItemSchema = z
  .xor([
    z
      .object({ kind: z.literal('activity') })
      .openapi({ required: ['kind'] })
      .and(ActivitySchema),
    z
      .object({ kind: z.literal('note') })
      .openapi({ required: ['kind'] })
      .and(NoteSchema),
  ])
  .openapi({ description: 'An activity or a note, told apart by `kind`.' })
  .openapi('TimelineItem')

export const ActivityTypeSchema = z
  .enum(['meeting', 'email', 'call', 'whatsapp', 'task', 'custom'])
  .openapi({ description: 'The kinds of activity that can be logged by hand.' })
  .openapi('ActivityType')

export const CreateActivityRequestSchema = z
  .strictObject({
    type: ActivityTypeSchema,
    title: z.string().min(1).max(200),
    body: z.string().max(10000).exactOptional(),
    performedBy: z.string().max(100).exactOptional(),
  })
  .openapi({
    required: ['type', 'title'],
    example: {
      type: 'meeting',
      title: 'Demo call with Dr. Sharma',
      body: 'Discussed the appointment automation workflow.',
      performedBy: 'sales_team',
    },
  })
  .openapi('CreateActivityRequest')

export const ActivityEnvelopeSchema = SuccessEnvelopeSchema.and(
  z.object({ data: ActivitySchema }).openapi({ required: ['data'] }),
).openapi('ActivityEnvelope')

export const LogCallRequestSchema = z
  .strictObject({
    durationMinutes: z.int().min(0).max(1440),
    summary: z.string().max(10000).exactOptional(),
    outcome: z.enum([
      'interested',
      'not_interested',
      'no_answer',
      'callback',
      'voicemail',
      'other',
    ]),
    performedBy: z.string().max(100).exactOptional(),
  })
  .openapi({
    required: ['durationMinutes', 'outcome'],
    example: { durationMinutes: 12, summary: 'Explained pricing', outcome: 'interested' },
  })
  .openapi('LogCallRequest')

export const NoteContentSchema = z
  .string()
  .regex(/\S/)
  .min(1)
  .max(10000)
  .openapi({ description: "The note's text; not blank." })
  .openapi('NoteContent')

export const CreateNoteRequestSchema = z
  .strictObject({ content: NoteContentSchema, createdBy: z.string().max(100).exactOptional() })
  .openapi({
    required: ['content'],
    example: { content: 'Patient prefers evening slots.', createdBy: 'Dr. Sharma' },
  })
  .openapi('CreateNoteRequest')

export const NoteEnvelopeSchema = SuccessEnvelopeSchema.and(
  z.object({ data: NoteSchema }).openapi({ required: ['data'] }),
).openapi('NoteEnvelope')

export const UpdateNoteRequestSchema = z
  .strictObject({ content: NoteContentSchema })
  .openapi({
    required: ['content'],
    example: { content: 'Patient prefers evening slots after 6 pm.' },
  })
  .openapi('UpdateNoteRequest')

export const AnalyticsRangeSchema = z.enum(['7d', '30d', '90d', '365d']).openapi('AnalyticsRange')

export const AnalyticsRateSchema = z
  .number()
  .min(0)
  .max(1)
  .openapi({
    description:
      'A fraction from 0 to 1, rounded to 4 decimals; 0 when there is nothing to divide by.',
  })
  .openapi('AnalyticsRate')

export const AnalyticsOverviewSchema = z
  .object({
    range: AnalyticsRangeSchema,
    totalLeads: z.int(),
    openLeads: z.int(),
    wonLeads: z.int(),
    lostLeads: z.int(),
    pipelineValue: z.number(),
    wonValue: z.number(),
    conversionRate: AnalyticsRateSchema,
    avgScore: z.number(),
    byStage: z.array(
      z
        .object({ stageId: z.string(), name: z.string(), count: z.int() })
        .openapi({ required: ['stageId', 'name', 'count'] }),
    ),
  })
  .openapi({
    description:
      "KPIs over the non-archived leads created in the range. `pipelineValue` sums the open leads' deal\nvalues, `wonValue` the won ones'. `conversionRate` is won / (won + lost). `avgScore` is rounded\nto 2 decimals. `byStage` counts the open leads per stage of the default pipeline (every stage,\nin board order; empty when the tenant has no pipeline).\n",
    required: [
      'range',
      'totalLeads',
      'openLeads',
      'wonLeads',
      'lostLeads',
      'pipelineValue',
      'wonValue',
      'conversionRate',
      'avgScore',
      'byStage',
    ],
    example: {
      range: '30d',
      totalLeads: 120,
      openLeads: 80,
      wonLeads: 25,
      lostLeads: 15,
      pipelineValue: 1500000,
      wonValue: 640000,
      conversionRate: 0.625,
      avgScore: 42.5,
      byStage: [{ stageId: '9a7d1c42-5e3b-4d8f-a6c0-1b2e3f4a5d6c', name: 'New', count: 30 }],
    },
  })
  .openapi('AnalyticsOverview')

export const AnalyticsFunnelSchema = z
  .object({
    pipelineId: z
      .string()
      .nullable()
      .openapi({ description: 'The pipeline reported on; null when the tenant has no pipeline.' }),
    stages: z.array(
      z
        .object({
          stageId: z.string(),
          name: z.string(),
          order: z.int(),
          count: z.int(),
          conversionFromPrevious: AnalyticsRateSchema,
          conversionFromFirst: AnalyticsRateSchema,
        })
        .openapi({
          required: [
            'stageId',
            'name',
            'order',
            'count',
            'conversionFromPrevious',
            'conversionFromFirst',
          ],
        }),
    ),
  })
  .openapi({
    description:
      "A cumulative \"reached\" funnel over the pipeline's stages that are not lost stages, in board order.\nA stage's `count` is the number of non-archived leads created in the range whose current stage is\nthat stage or a later (non-lost) one, so counts never grow down the funnel; leads sitting in a\nlost stage are not counted. `conversionFromPrevious` is count / the previous stage's count (1 for\nthe first stage with leads), `conversionFromFirst` count / the first stage's count.\n",
    required: ['pipelineId', 'stages'],
    example: {
      pipelineId: '3f0e4a8c-2b1d-4c6e-9a7f-5d8b0c1e2f3a',
      stages: [
        {
          stageId: '9a7d1c42-5e3b-4d8f-a6c0-1b2e3f4a5d6c',
          name: 'New',
          order: 0,
          count: 100,
          conversionFromPrevious: 1,
          conversionFromFirst: 1,
        },
        {
          stageId: '1b2c3d4e-5f6a-4b7c-8d9e-0f1a2b3c4d5e',
          name: 'Contacted',
          order: 1,
          count: 60,
          conversionFromPrevious: 0.6,
          conversionFromFirst: 0.6,
        },
      ],
    },
  })
  .openapi('AnalyticsFunnel')

export const StageProbabilitySchema = z
  .int()
  .min(0)
  .max(100)
  .openapi({ description: 'Chance, in percent, that a lead in this stage is won.', example: 40 })
  .openapi('StageProbability')

export const PipelineForecastSchema = z
  .object({
    rows: z.array(
      z
        .object({
          stageId: z.string(),
          stageName: z.string(),
          probability: StageProbabilitySchema,
          totalValue: z.number(),
          expectedRevenue: z.number(),
        })
        .openapi({
          required: ['stageId', 'stageName', 'probability', 'totalValue', 'expectedRevenue'],
        }),
    ),
    grandTotal: z.number(),
    totalPipeline: z.number(),
  })
  .openapi({
    description:
      "Open leads' deal value per stage weighted by the stage's probability.\n`grandTotal` is the sum of `expectedRevenue`, `totalPipeline` the sum of `totalValue`.\n",
    required: ['rows', 'grandTotal', 'totalPipeline'],
    example: {
      rows: [
        {
          stageId: '9a7d1c42-5e3b-4d8f-a6c0-1b2e3f4a5d6c',
          stageName: 'Proposal',
          probability: 60,
          totalValue: 500000,
          expectedRevenue: 300000,
        },
      ],
      grandTotal: 850000,
      totalPipeline: 1500000,
    },
  })
  .openapi('PipelineForecast')

export const AnalyticsSourcesSchema = z
  .array(
    z
      .object({
        source: z.string(),
        total: z.int(),
        won: z.int(),
        lost: z.int(),
        conversionRate: AnalyticsRateSchema,
        value: z.number(),
      })
      .openapi({ required: ['source', 'total', 'won', 'lost', 'conversionRate', 'value'] }),
  )
  .openapi({
    description:
      "Non-archived leads created in the range grouped by `source` (`(none)` when unset), most leads\nfirst. `conversionRate` is won / (won + lost); `value` sums the deal values of all the source's leads.\n",
    example: [
      { source: 'website', total: 40, won: 8, lost: 2, conversionRate: 0.8, value: 480000 },
    ],
  })
  .openapi('AnalyticsSources')

export const AnalyticsTeamSchema = z
  .array(
    z
      .object({
        assignedTo: z.string(),
        leads: z.int(),
        won: z.int(),
        revenue: z.number(),
        activities: z.int(),
      })
      .openapi({ required: ['assignedTo', 'leads', 'won', 'revenue', 'activities'] }),
  )
  .openapi({
    description:
      "One row per `assignedTo` of the non-archived leads created in the range: how many leads, how many\nwon, `revenue` (the won leads' deal value) and `activities` (activities performed by that person\nin the range). Highest revenue first.\n",
    example: [{ assignedTo: 'priya', leads: 25, won: 6, revenue: 310000, activities: 140 }],
  })
  .openapi('AnalyticsTeam')

export const AnalyticsHeatmapSchema = z
  .array(z.object({ date: z.iso.date(), count: z.int() }).openapi({ required: ['date', 'count'] }))
  .openapi({
    description:
      'Activities per UTC day, oldest first, one row for every day of the range ending today (days\nwithout activity have count 0).\n',
    example: [
      { date: '2026-03-01', count: 12 },
      { date: '2026-03-02', count: 0 },
    ],
  })
  .openapi('AnalyticsHeatmap')

export const AnalyticsScoresSchema = z
  .array(
    z
      .object({
        bucket: z.enum(['0-20', '20-40', '40-60', '60-80', '80-100']),
        min: z.int(),
        max: z.int(),
        count: z.int(),
      })
      .openapi({ required: ['bucket', 'min', 'max', 'count'] }),
  )
  .openapi({
    description:
      'Non-archived leads created in the range per score bucket: 0-19, 20-39, 40-59, 60-79 and 80-100\n(all five, empty ones with count 0).\n',
    example: [{ bucket: '0-20', min: 0, max: 19, count: 14 }],
  })
  .openapi('AnalyticsScores')

export const AnalyticsStageTimeSchema = z
  .object({
    pipelineId: z
      .string()
      .nullable()
      .openapi({ description: 'The pipeline reported on; null when the tenant has no pipeline.' }),
    stages: z.array(
      z
        .object({
          stageId: z.string(),
          name: z.string(),
          avgHours: z.number().openapi({ description: 'Rounded to 2 decimals.' }),
          samples: z.int(),
        })
        .openapi({ required: ['stageId', 'name', 'avgHours', 'samples'] }),
    ),
  })
  .openapi({
    description:
      'Average hours leads spent in each stage of the pipeline (every stage, board order), from the\nstage-move history of the non-archived leads created in the range. A stay starts when the lead\nentered the stage (its previous move, or its creation for the first stage) and ends at the move out\nof it; only completed stays count (`samples`), and a stage without any has `avgHours` 0.\n',
    required: ['pipelineId', 'stages'],
    example: {
      pipelineId: '3f0e4a8c-2b1d-4c6e-9a7f-5d8b0c1e2f3a',
      stages: [
        {
          stageId: '9a7d1c42-5e3b-4d8f-a6c0-1b2e3f4a5d6c',
          name: 'New',
          avgHours: 30.5,
          samples: 12,
        },
      ],
    },
  })
  .openapi('AnalyticsStageTime')

export const ConditionOperatorSchema = z
  .enum(['eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'contains', 'in', 'exists'])
  .openapi({
    description:
      "`eq`/`neq` compare values (numbers numerically); `gt`/`gte`/`lt`/`lte` compare numbers;\n`contains` finds text in a string (case-insensitive) or an item in a list (tags); `in` is true when\nthe field's value is one of `value` (a list); `exists` is true when the field has a value (with\n`value: false`, when it has none).\n",
  })
  .openapi('ConditionOperator')

export const ScoringRuleSchema = z
  .strictObject({
    field: z
      .string()
      .regex(
        /^(firstName|lastName|phone|email|source|status|assignedTo|tags|dealValue|dealTitle|metadata\.(extra|refs)\.[A-Za-z0-9_]{1,64})$/,
      )
      .openapi({
        description:
          'A core lead field (`source`, `dealValue`, `tags`, `email`…) or `metadata.extra.<key>` / `metadata.refs.<key>`.',
      }),
    operator: ConditionOperatorSchema,
    value: z
      .any()
      .exactOptional()
      .openapi({
        description: 'What to compare with (a list for `in`; a boolean or nothing for `exists`).',
      }),
    score: z
      .int()
      .min(-100)
      .max(100)
      .openapi({ description: 'Points added when the rule matches (negative to subtract).' }),
  })
  .openapi({ required: ['field', 'operator', 'score'] })
  .openapi('ScoringRule')

export const ScoringConfigSchema = z
  .object({
    hotThreshold: z.int().min(0).max(100),
    coldThreshold: z.int().min(0).max(100),
    rules: z.array(ScoringRuleSchema),
    recalculateOnTriggers: z.array(z.string()),
  })
  .openapi({
    required: ['hotThreshold', 'coldThreshold', 'rules', 'recalculateOnTriggers'],
    example: {
      hotThreshold: 70,
      coldThreshold: 20,
      rules: [
        { field: 'source', operator: 'eq', value: 'referral', score: 20 },
        { field: 'dealValue', operator: 'gt', value: 50000, score: 15 },
      ],
      recalculateOnTriggers: ['appointment_confirmed', 'payment_captured'],
    },
  })
  .openapi('ScoringConfig')

export const ScoringConfigEnvelopeSchema = SuccessEnvelopeSchema.and(
  z.object({ data: ScoringConfigSchema }).openapi({ required: ['data'] }),
).openapi('ScoringConfigEnvelope')

export const UpdateScoringRequestSchema = z
  .strictObject({
    hotThreshold: z.int().min(0).max(100).exactOptional(),
    coldThreshold: z.int().min(0).max(100).exactOptional(),
    rules: z.array(ScoringRuleSchema).max(100).exactOptional(),
    recalculateOnTriggers: z
      .array(z.string().regex(/^[a-z][a-z0-9_]{0,63}$/))
      .max(50)
      .exactOptional(),
  })
  .refine((o) => Object.keys(o).length >= 1)
  .openapi({
    description:
      'Fields given replace the current ones; `coldThreshold` must stay below `hotThreshold`.',
    example: {
      hotThreshold: 70,
      coldThreshold: 20,
      rules: [
        { field: 'source', operator: 'eq', value: 'referral', score: 20 },
        { field: 'dealValue', operator: 'gt', value: 50000, score: 15 },
      ],
      recalculateOnTriggers: ['appointment_confirmed', 'payment_captured'],
    },
  })
  .openapi('UpdateScoringRequest')

export const PipelineTemplateSchema = z
  .enum(['sales', 'support', 'recruitment', 'marketing', 'appointment', 'product_purchase'])
  .openapi({ description: 'A built-in pipeline with ready-made stages.', example: 'appointment' })
  .openapi('PipelineTemplate')

export const StageColorSchema = z
  .string()
  .regex(/^#[0-9a-fA-F]{6}$/)
  .openapi({ description: 'A hex colour, `#rrggbb`.', example: '#6366f1' })
  .openapi('StageColor')

export const StageSchema = z
  .object({
    id: z.string(),
    pipelineId: z.string(),
    name: z.string(),
    color: StageColorSchema,
    probability: StageProbabilitySchema,
    order: z.int().min(0).openapi({ description: 'Position on the board, from 0 (left).' }),
    isWon: z.boolean().openapi({ description: 'Leads reaching this stage are won.' }),
    isLost: z.boolean().openapi({ description: 'Leads reaching this stage are lost.' }),
  })
  .openapi({
    required: ['id', 'pipelineId', 'name', 'color', 'probability', 'order', 'isWon', 'isLost'],
    example: {
      id: '9a7d1c42-5e3b-4d8f-a6c0-1b2e3f4a5d6c',
      pipelineId: '3f0c6a2e-8a4b-4f5e-9b1d-2c7e5a9d4b10',
      name: 'Inquiry',
      color: '#6366f1',
      probability: 10,
      order: 0,
      isWon: false,
      isLost: false,
    },
  })
  .openapi('Stage')

export const PipelineSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    description: z.string().nullable(),
    template: z
      .xor([PipelineTemplateSchema, z.null().nullable()])
      .openapi({
        description: 'The built-in template it was created from; `null` for custom stages.',
      }),
    isDefault: z
      .boolean()
      .openapi({
        description:
          'New leads without a pipeline go here. Exactly one pipeline per tenant is the default.',
      }),
    isArchived: z.boolean(),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
    stages: z.array(StageSchema).openapi({ description: 'Ordered by `order`.' }),
  })
  .openapi({
    required: [
      'id',
      'name',
      'description',
      'template',
      'isDefault',
      'isArchived',
      'createdAt',
      'updatedAt',
      'stages',
    ],
  })
  .openapi('Pipeline')

export const StageInputSchema = z
  .strictObject({
    name: z.string().min(1).max(120),
    color: StageColorSchema.exactOptional(),
    probability: StageProbabilitySchema.exactOptional(),
    isWon: z
      .boolean()
      .exactOptional()
      .openapi({ description: 'Leads reaching this stage are won (false when left out).' }),
    isLost: z
      .boolean()
      .exactOptional()
      .openapi({ description: 'Leads reaching this stage are lost (false when left out).' }),
  })
  .openapi({
    description: 'A new stage. At most one of `isWon` and `isLost` may be true.',
    required: ['name'],
    example: { name: 'Under Review', color: '#f59e0b', probability: 40 },
  })
  .openapi('StageInput')

export const CreatePipelineRequestSchema = z
  .strictObject({
    name: z.string().min(1).max(120),
    description: z.string().max(1000).exactOptional(),
    isDefault: z
      .boolean()
      .exactOptional()
      .openapi({
        description:
          'Make it the default pipeline (the previous default stops being one); false when left out.',
      }),
    template: PipelineTemplateSchema.exactOptional(),
    stages: z.array(StageInputSchema).min(1).max(50).exactOptional(),
  })
  .openapi({
    description:
      "Give `template` or `stages`, not both; with neither the pipeline gets the `sales` template's\nstages. The tenant's first pipeline becomes the default whatever `isDefault` says.\n",
    required: ['name'],
    example: { name: 'Patient Journey', isDefault: true, template: 'appointment' },
  })
  .openapi('CreatePipelineRequest')

export const PipelineEnvelopeSchema = SuccessEnvelopeSchema.and(
  z.object({ data: PipelineSchema }).openapi({ required: ['data'] }),
).openapi('PipelineEnvelope')

export const UpdatePipelineRequestSchema = z
  .strictObject({
    name: z.string().min(1).max(120).exactOptional(),
    description: z.string().max(1000).nullable().exactOptional(),
  })
  .refine((o) => Object.keys(o).length >= 1)
  .openapi({
    example: { name: 'Patient Journey 2026', description: 'From first inquiry to consultation.' },
  })
  .openapi('UpdatePipelineRequest')

export const DuplicatePipelineRequestSchema = z
  .strictObject({
    name: z
      .string()
      .min(1)
      .max(120)
      .exactOptional()
      .openapi({ description: "The copy's name; `Copy of <name>` when left out." }),
  })
  .openapi({ example: { name: 'Copy of Patient Journey' } })
  .openapi('DuplicatePipelineRequest')

export const StageEnvelopeSchema = SuccessEnvelopeSchema.and(
  z.object({ data: StageSchema }).openapi({ required: ['data'] }),
).openapi('StageEnvelope')

export const ReorderStagesRequestSchema = z
  .strictObject({
    order: z
      .array(
        z
          .strictObject({ stageId: z.string().min(1).max(64), newOrder: z.int().min(0) })
          .openapi({ required: ['stageId', 'newOrder'] }),
      )
      .min(1)
      .max(50),
  })
  .openapi({
    description:
      "The board's new column order after a drag-and-drop: every stage of the pipeline exactly once.\nStages are laid out by ascending `newOrder`; the values need only be distinct.\n",
    required: ['order'],
    example: {
      order: [
        { stageId: '9a7d1c42-5e3b-4d8f-a6c0-1b2e3f4a5d6c', newOrder: 0 },
        { stageId: '0b8e2d53-6f4c-4e9a-b7d1-2c3f4a5b6e7d', newOrder: 1 },
      ],
    },
  })
  .openapi('ReorderStagesRequest')

export const DeleteStageRequestSchema = z
  .strictObject({
    moveLeadsToStageId: z
      .string()
      .min(1)
      .max(64)
      .exactOptional()
      .openapi({
        description: "Another stage of the same pipeline that receives the stage's leads first.",
      }),
  })
  .openapi({ example: { moveLeadsToStageId: '0b8e2d53-6f4c-4e9a-b7d1-2c3f4a5b6e7d' } })
  .openapi('DeleteStageRequest')

export const StageUpdateSchema = z
  .strictObject({
    name: z.string().min(1).max(120).exactOptional(),
    color: StageColorSchema.exactOptional(),
    probability: StageProbabilitySchema.exactOptional(),
    isWon: z.boolean().exactOptional(),
    isLost: z.boolean().exactOptional(),
  })
  .refine((o) => Object.keys(o).length >= 1)
  .openapi({
    description:
      'The fields to change. The stage may not end up both won and lost: to turn a lost stage into a\nwon one send `{"isWon": true, "isLost": false}`.\n',
    example: { name: 'Proposal Sent', probability: 65 },
  })
  .openapi('StageUpdate')

export const PipelineBoardSchema = z
  .object({
    pipelineId: z.string(),
    stages: z.array(
      z
        .object({
          stageId: z.string(),
          name: z.string(),
          color: StageColorSchema,
          probability: StageProbabilitySchema,
          order: z.int(),
          leadCount: z.int().min(0),
          totalValue: z
            .number()
            .openapi({
              description: "Sum of the open leads' deal values (leads without one count 0).",
            }),
        })
        .openapi({
          required: ['stageId', 'name', 'color', 'probability', 'order', 'leadCount', 'totalValue'],
        }),
    ),
  })
  .openapi({
    description: "Each stage with its open leads' count and summed deal value.",
    required: ['pipelineId', 'stages'],
    example: {
      pipelineId: '3f0c6a2e-8a4b-4f5e-9b1d-2c7e5a9d4b10',
      stages: [
        {
          stageId: '9a7d1c42-5e3b-4d8f-a6c0-1b2e3f4a5d6c',
          name: 'Proposal',
          color: '#f59e0b',
          probability: 60,
          order: 3,
          leadCount: 4,
          totalValue: 500000,
        },
      ],
    },
  })
  .openapi('PipelineBoard')

export const TriggerNameSchema = z
  .string()
  .regex(/^[a-z][a-z0-9_.:-]{0,63}$/)
  .openapi({
    description:
      "Any trigger name (lower case, digits, `_ . : -`). Built-in client triggers: `appointment_confirmed`,\n`appointment_cancelled`, `appointment_reminder`, `form_submitted`, `payment_captured`,\n`product_purchased`, `service_enrolled`, `deal_won`, `deal_lost`. System triggers fired by the CRM:\n`lead_created`, `stage_enter`, `stage_exit`, `score_above`, `score_below`, `tag_added`, `tag_removed`,\n`no_contact`. Fired by the WhatsApp inbox: `message_received`, once per message a contact sends (on\nthe conversation's lead, created with source `whatsapp` when the phone had none), with variables\n`text` (the text, caption or chosen button's title; empty for media without a caption), `type`,\n`phone`, `conversationId` and `messageId`.\n",
    examples: ['appointment_confirmed'],
  })
  .openapi('TriggerName')

export const DelayMinutesSchema = z
  .int()
  .min(0)
  .max(43200)
  .default(0)
  .openapi({ description: 'Minutes to wait before running (0 = now; at most 30 days).' })
  .openapi('DelayMinutes')

export const TriggerRequestSchema = z
  .strictObject({
    trigger: TriggerNameSchema,
    phone: z
      .string()
      .min(6)
      .max(20)
      .exactOptional()
      .openapi({
        description:
          "The lead's phone, read as a lead's is (E.164; without a country code, in the tenant's `defaultCountry`). Finds the lead, or creates it with `createLeadIfMissing`.",
      }),
    email: z.email().exactOptional(),
    variables: z
      .looseObject({})
      .exactOptional()
      .openapi({
        description:
          'Values for templates and emails (`{{name}}`), also readable by conditions as `event.variables.*`.',
      }),
    data: z
      .looseObject({})
      .exactOptional()
      .openapi({ description: 'Free-form event data, readable by conditions as `event.data.*`.' }),
    requiresMeet: z.boolean().default(false).exactOptional(),
    meetConfig: z
      .strictObject({
        title: z.string().max(300).exactOptional(),
        startTime: z.iso.datetime(),
        durationMinutes: z.int().min(5).max(1440).default(30).exactOptional(),
        attendeeEmail: z.email().exactOptional(),
      })
      .exactOptional()
      .openapi({ required: ['startTime'] }),
    callbackUrl: z
      .url()
      .regex(/^https?:\/\//)
      .max(2048)
      .exactOptional()
      .openapi({
        description:
          'Where the signed outcome is POSTed. Private, loopback and link-local hosts are refused.',
      }),
    callbackMetadata: z
      .looseObject({})
      .exactOptional()
      .openapi({ description: 'Echoed back as `metadata` in the callback.' }),
    delayMinutes: DelayMinutesSchema.exactOptional(),
    createLeadIfMissing: z.boolean().default(false).exactOptional(),
    leadData: z
      .strictObject({
        firstName: z.string().max(200).exactOptional(),
        lastName: z.string().max(200).exactOptional(),
        email: z.email().exactOptional(),
        source: z.string().max(100).exactOptional(),
      })
      .exactOptional(),
  })
  .openapi({
    required: ['trigger'],
    examples: [
      {
        trigger: 'appointment_confirmed',
        phone: '919876543210',
        email: 'patient@example.com',
        variables: {
          patientName: 'Ravi Kumar',
          doctorName: 'Dr. Sharma',
          appointmentTime: '3:00 PM',
        },
        data: { appointmentId: '6abc123', amount: 1500 },
        requiresMeet: true,
        meetConfig: {
          title: 'Consultation: Dr. Sharma + Ravi',
          startTime: '2026-03-15T09:30:00Z',
          durationMinutes: 30,
          attendeeEmail: 'patient@example.com',
        },
        callbackUrl: 'https://your-site.com/api/ecodrix-callback',
        callbackMetadata: { appointmentId: '6abc123' },
        delayMinutes: 0,
        createLeadIfMissing: true,
        leadData: {
          firstName: 'Ravi',
          lastName: 'Kumar',
          email: 'patient@example.com',
          source: 'website',
        },
      },
    ],
  })
  .openapi('TriggerRequest')

export const TriggerResultSchema = z
  .strictObject({
    eventLogId: z.string(),
    trigger: z.string(),
    leadId: z.string().nullable(),
    meetLink: z.string().nullable(),
    meetWarning: z
      .string()
      .nullable()
      .openapi({ description: 'Why no Meet link was created when one was asked for.' }),
    rulesMatched: z.int().min(0),
    scheduled: z
      .boolean()
      .openapi({ description: 'True when `delayMinutes` put the whole run off.' }),
    jobId: z
      .string()
      .nullable()
      .openapi({
        description:
          'The background job running the event (see `GET /api/saas/jobs/status/{jobId}`).',
      }),
  })
  .openapi({
    required: [
      'eventLogId',
      'trigger',
      'leadId',
      'meetLink',
      'meetWarning',
      'rulesMatched',
      'scheduled',
      'jobId',
    ],
    examples: [
      {
        eventLogId: '0b7d2c1e-2f57-4f0c-9a0f-5b1f6f0d1a11',
        trigger: 'appointment_confirmed',
        leadId: '5c1f2a8e-7d3b-4a61-b1e2-0f9a8c7d6e54',
        meetLink: 'https://meet.google.com/abc-defg-hij',
        meetWarning: null,
        rulesMatched: 2,
        scheduled: false,
        jobId: '7f0e1d2c-3b4a-4958-8776-655443322110',
      },
    ],
  })
  .openapi('TriggerResult')

export const TriggerResultEnvelopeSchema = SuccessEnvelopeSchema.and(
  z.object({ data: TriggerResultSchema }).openapi({ required: ['data'] }),
).openapi('TriggerResultEnvelope')

export const AutomationTriggerConfigSchema = z
  .strictObject({
    scoreThreshold: z.int().min(0).max(100).exactOptional(),
    stageId: z.string().min(1).max(64).exactOptional(),
    tag: z.string().min(1).max(64).exactOptional(),
    days: z.int().min(1).max(365).exactOptional(),
  })
  .openapi({
    description:
      "Narrows a system trigger. Each key applies to its triggers only: `scoreThreshold` to `score_above`\n(fires at or above it) and `score_below` (at or below it); `stageId` to `stage_enter` / `stage_exit`\n(that stage only; it must be a stage of this tenant); `tag` to `tag_added` / `tag_removed` (that tag\nonly); `days` to `no_contact` (after that many days without activity, default 7). Any other trigger,\nincluding client triggers, takes an empty `triggerConfig`. A key that does not apply to the rule's\ntrigger, or an unknown stage, answers 400 VALIDATION_ERROR naming the key.\n",
  })
  .openapi('AutomationTriggerConfig')

export const AutomationConditionSchema = z
  .strictObject({
    field: z
      .string()
      .regex(
        /^((lead\.)?(firstName|lastName|phone|email|source|status|assignedTo|tags|score|dealValue|dealTitle|pipelineId|stageId)|(lead\.)?metadata\.(refs|extra)\.[A-Za-z0-9_]{1,64}|event\.(variables|data)\.[A-Za-z0-9_.]{1,128})$/,
      )
      .openapi({ examples: ['source'] }),
    operator: ConditionOperatorSchema,
    value: z
      .any()
      .exactOptional()
      .openapi({
        description: 'What to compare with (a list for `in`; a boolean or nothing for `exists`).',
      }),
  })
  .openapi({
    required: ['field', 'operator'],
    description:
      "A test a rule's lead and event must pass. `field` is `lead.<field>` (or a bare core lead field such as\n`source`), `metadata.refs.<key>` / `metadata.extra.<key>`, `event.variables.<key>` or `event.data.<key>` (dots reach\nnested values). Only keys the data really has count: `event.variables.constructor` is absent unless the variables hold a\n`constructor` key.\n",
    examples: [{ field: 'source', operator: 'eq', value: 'cold_outreach' }],
  })
  .openapi('AutomationCondition')

export const SendWhatsappActionSchema = z
  .strictObject({
    type: z.literal('send_whatsapp'),
    delayMinutes: DelayMinutesSchema.exactOptional(),
    config: z
      .strictObject({
        templateName: z.string().min(1).max(512),
        language: z
          .string()
          .regex(/^[a-z]{2,3}(_[A-Z]{2})?$/)
          .default('en_US')
          .exactOptional(),
      })
      .openapi({ required: ['templateName'] }),
  })
  .openapi({
    required: ['type', 'config'],
    description:
      "Sends an approved WhatsApp template; its parameters come from the template's variable mapping or, without one, from the event's `variables` in order. The message is queued in the inbox's outbound queue (as `POST /api/saas/chat/send` queues one), in the phone's conversation, with the event's id as its `eventLogId`: the run is `ok` with `{messageId, conversationId, to, status: queued}` (and `simulated: true` for a `mock_` token), and Meta's verdict (`sent`, or `failed` with Meta's code) arrives on the message.",
  })
  .openapi('SendWhatsappAction')

export const SendEmailActionSchema = z
  .strictObject({
    type: z.literal('send_email'),
    delayMinutes: DelayMinutesSchema.exactOptional(),
    config: z
      .strictObject({
        subject: z.string().min(1).max(998),
        htmlBody: z.string().min(1).max(200000),
        to: z
          .email()
          .exactOptional()
          .openapi({ description: "Recipient; defaults to the lead's (or the event's) email." }),
      })
      .openapi({ required: ['subject', 'htmlBody'] }),
  })
  .openapi({
    required: ['type', 'config'],
    description:
      "Sends an email through the tenant's SMTP server; `{{name}}` in `subject` and `htmlBody` is replaced (HTML-escaped in the body)\nfrom the event's `variables`, then its `data`, then the lead. A lead is reached only through its documented fields: the core\nfields of `GET /api/crm/fields`, `pipelineId`, `stageId` and `metadata.refs|extra.<key>`, with or without `lead.`\n(`{{firstName}}`, `{{lead.metadata.extra.plan}}`). Dots reach nested values, and only keys the data really has count (a\nname such as `constructor` or `toString` is a value only when the variables or metadata hold that key); anything else\nbecomes '' and is listed in the run's `missingVariables`.\n",
  })
  .openapi('SendEmailAction')

export const MoveStageActionSchema = z
  .strictObject({
    type: z.literal('move_stage'),
    delayMinutes: DelayMinutesSchema.exactOptional(),
    config: z
      .strictObject({ stageId: z.string().min(1).max(64) })
      .openapi({ required: ['stageId'] }),
  })
  .openapi({
    required: ['type', 'config'],
    description:
      'Moves the lead to a stage; `stageId` must be a stage of this tenant (400 VALIDATION_ERROR otherwise).',
  })
  .openapi('MoveStageAction')

export const AssignToActionSchema = z
  .strictObject({
    type: z.literal('assign_to'),
    delayMinutes: DelayMinutesSchema.exactOptional(),
    config: z
      .strictObject({ assignTo: z.string().min(1).max(200) })
      .openapi({ required: ['assignTo'] }),
  })
  .openapi({ required: ['type', 'config'], description: 'Assigns the lead to a team member.' })
  .openapi('AssignToAction')

export const AddTagActionSchema = z
  .strictObject({
    type: z.literal('add_tag'),
    delayMinutes: DelayMinutesSchema.exactOptional(),
    config: z.strictObject({ tag: z.string().min(1).max(64) }).openapi({ required: ['tag'] }),
  })
  .openapi({ required: ['type', 'config'], description: 'Adds a tag to the lead.' })
  .openapi('AddTagAction')

export const RemoveTagActionSchema = z
  .strictObject({
    type: z.literal('remove_tag'),
    delayMinutes: DelayMinutesSchema.exactOptional(),
    config: z.strictObject({ tag: z.string().min(1).max(64) }).openapi({ required: ['tag'] }),
  })
  .openapi({ required: ['type', 'config'], description: 'Removes a tag from the lead.' })
  .openapi('RemoveTagAction')

export const AutomationActionSchema = z
  .xor([
    SendWhatsappActionSchema,
    SendEmailActionSchema,
    MoveStageActionSchema,
    AssignToActionSchema,
    AddTagActionSchema,
    RemoveTagActionSchema,
  ])
  .openapi({
    description: 'One step of a rule; `type` selects the action and the shape of `config`.',
    discriminator: {
      propertyName: 'type',
      mapping: {
        send_whatsapp: '#/components/schemas/SendWhatsappAction',
        send_email: '#/components/schemas/SendEmailAction',
        move_stage: '#/components/schemas/MoveStageAction',
        assign_to: '#/components/schemas/AssignToAction',
        add_tag: '#/components/schemas/AddTagAction',
        remove_tag: '#/components/schemas/RemoveTagAction',
      },
    },
  })
  .openapi('AutomationAction')

export const AutomationRuleSchema = z
  .strictObject({
    id: z.string(),
    name: z.string(),
    trigger: z.string(),
    triggerConfig: AutomationTriggerConfigSchema,
    condition: z.xor([AutomationConditionSchema, z.null().nullable()]),
    actions: z.array(AutomationActionSchema),
    isActive: z.boolean(),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .openapi({
    required: [
      'id',
      'name',
      'trigger',
      'triggerConfig',
      'condition',
      'actions',
      'isActive',
      'createdAt',
      'updatedAt',
    ],
  })
  .openapi('AutomationRule')

export const AutomationRuleListEnvelopeSchema = SuccessEnvelopeSchema.and(
  z.object({ data: z.array(AutomationRuleSchema) }).openapi({ required: ['data'] }),
).openapi('AutomationRuleListEnvelope')

export const AutomationRuleInputSchema = z
  .strictObject({
    name: z.string().min(1).max(200),
    trigger: TriggerNameSchema,
    triggerConfig: AutomationTriggerConfigSchema.exactOptional(),
    condition: z.xor([AutomationConditionSchema, z.null().nullable()]).exactOptional(),
    actions: z.array(AutomationActionSchema).min(1).max(20),
    isActive: z.boolean().default(true).exactOptional(),
  })
  .openapi({
    required: ['name', 'trigger', 'actions'],
    examples: [
      {
        name: 'Appointment Confirmed WA',
        trigger: 'appointment_confirmed',
        triggerConfig: {},
        actions: [
          {
            type: 'send_whatsapp',
            delayMinutes: 0,
            config: { templateName: 'appointment_confirmed', language: 'en_US' },
          },
        ],
      },
      {
        name: 'Auto-archive cold dead leads',
        trigger: 'score_below',
        triggerConfig: { scoreThreshold: 20 },
        condition: { field: 'source', operator: 'eq', value: 'cold_outreach' },
        actions: [{ type: 'add_tag', delayMinutes: 0, config: { tag: 'cold-dead' } }],
      },
    ],
  })
  .openapi('AutomationRuleInput')

export const AutomationRuleEnvelopeSchema = SuccessEnvelopeSchema.and(
  z.object({ data: AutomationRuleSchema }).openapi({ required: ['data'] }),
).openapi('AutomationRuleEnvelope')

export const AutomationRuleUpdateSchema = z
  .strictObject({
    name: z.string().min(1).max(200).exactOptional(),
    trigger: TriggerNameSchema.exactOptional(),
    triggerConfig: AutomationTriggerConfigSchema.exactOptional(),
    condition: z.xor([AutomationConditionSchema, z.null().nullable()]).exactOptional(),
    actions: z.array(AutomationActionSchema).min(1).max(20).exactOptional(),
    isActive: z.boolean().exactOptional(),
  })
  .refine((o) => Object.keys(o).length >= 1)
  .openapi('AutomationRuleUpdate')

export const AutomationTestRequestSchema = z
  .strictObject({
    leadId: z
      .string()
      .max(64)
      .openapi({ description: "An unknown or another tenant's lead answers 404 LEAD_NOT_FOUND." }),
    variables: z
      .looseObject({})
      .exactOptional()
      .openapi({ description: 'Event variables to test with (as a trigger would send them).' }),
    data: z.looseObject({}).exactOptional().openapi({ description: 'Event data to test with.' }),
  })
  .openapi({ required: ['leadId'], examples: [{ leadId: '5c1f2a8e-7d3b-4a61-b1e2-0f9a8c7d6e54' }] })
  .openapi('AutomationTestRequest')

export const AutomationTestResultSchema = z
  .strictObject({
    ruleId: z.string(),
    leadId: z.string(),
    isActive: z.boolean(),
    conditionPassed: z
      .boolean()
      .openapi({ description: 'True when the rule has no condition or its condition holds.' }),
    condition: z
      .xor([
        z.null().nullable(),
        z
          .strictObject({
            field: z.string(),
            operator: ConditionOperatorSchema,
            value: z.any(),
            actual: z
              .any()
              .openapi({
                description: "The lead's or event's value of `field` (null when absent).",
              }),
            passed: z.boolean(),
          })
          .openapi({ required: ['field', 'operator', 'value', 'actual', 'passed'] }),
      ])
      .openapi({
        description:
          'The condition with the value it was compared with, or null when the rule has none.',
      }),
    wouldRun: z
      .boolean()
      .openapi({ description: 'True when the rule is active and its condition passes.' }),
    actions: z.array(
      z
        .strictObject({
          position: z.int(),
          type: z.string(),
          delayMinutes: z.int(),
          resolved: z
            .looseObject({})
            .openapi({
              description:
                "The action's configuration with variables resolved (template parameters, email subject and body, recipient…).",
            }),
          problem: z
            .string()
            .exactOptional()
            .openapi({
              description:
                'Why the action would fail (no phone, unknown stage, missing SMTP secrets…).',
            }),
        })
        .openapi({ required: ['position', 'type', 'delayMinutes', 'resolved'] }),
    ),
  })
  .openapi({
    required: [
      'ruleId',
      'leadId',
      'isActive',
      'conditionPassed',
      'condition',
      'wouldRun',
      'actions',
    ],
    description: 'What the rule would do for the lead now. Nothing is executed or written.',
  })
  .openapi('AutomationTestResult')

export const AutomationTestResultEnvelopeSchema = SuccessEnvelopeSchema.and(
  z.object({ data: AutomationTestResultSchema }).openapi({ required: ['data'] }),
).openapi('AutomationTestResultEnvelope')

export const CallbackAttemptSchema = z
  .strictObject({
    id: z.string(),
    deliveryId: z
      .string()
      .openapi({ description: 'The delivery (`webhook-id`), stable across retries.' }),
    eventLogId: z.string(),
    trigger: z.string(),
    url: z.string().openapi({ description: 'The callbackUrl posted to.' }),
    attempt: z
      .int()
      .min(1)
      .openapi({ description: '1 for the first try, then one more per retry.' }),
    status: z
      .enum(['delivered', 'failed'])
      .openapi({
        description:
          'delivered: the receiver answered 2xx in time. Redirects are not followed (a 3xx is a failure).',
      }),
    statusCode: z
      .int()
      .nullable()
      .openapi({ description: "The receiver's HTTP status (null when none arrived)." }),
    durationMs: z.int().min(0),
    error: z
      .string()
      .nullable()
      .openapi({
        description:
          'Why the attempt failed (timeout, connection refused, non-2xx answer, forbidden address…).',
      }),
    createdAt: z.iso.datetime(),
    deliveryStatus: z
      .enum(['pending', 'delivered', 'failed'])
      .openapi({
        description:
          'Where the whole delivery is now: pending while retries remain, then delivered or failed.',
      }),
    nextAttemptAt: z.iso
      .datetime()
      .nullable()
      .openapi({ description: 'While the delivery is pending, when its next attempt is due.' }),
  })
  .openapi({
    description:
      'One attempt to deliver a callback. Every attempt of a delivery carries the same `deliveryId`\n(the `webhook-id` header the receiver sees) and the same body.\n',
    required: [
      'id',
      'deliveryId',
      'eventLogId',
      'trigger',
      'url',
      'attempt',
      'status',
      'statusCode',
      'durationMs',
      'error',
      'createdAt',
      'deliveryStatus',
      'nextAttemptAt',
    ],
    examples: [
      {
        id: '42',
        deliveryId: '3d1f2c4b-9a8e-4f7d-8c6b-5a4e3d2c1b0a',
        eventLogId: '0b7d2c1e-2f57-4f0c-9a0f-5b1f6f0d1a11',
        trigger: 'appointment_confirmed',
        url: 'https://your-site.com/api/ecodrix-callback',
        attempt: 2,
        status: 'failed',
        statusCode: 503,
        durationMs: 87,
        error: 'receiver answered 503',
        createdAt: '2026-03-15T09:30:05.120Z',
        deliveryStatus: 'pending',
        nextAttemptAt: '2026-03-15T09:35:05.120Z',
      },
    ],
  })
  .openapi('CallbackAttempt')

export const CallbackResendSchema = z
  .strictObject({
    deliveryId: z
      .string()
      .openapi({ description: 'The delivery (`webhook-id`), the same as before the resend.' }),
    eventLogId: z.string(),
    attempt: z
      .int()
      .min(2)
      .openapi({ description: 'The number the queued attempt will carry in the callback logs.' }),
    jobId: z
      .string()
      .openapi({
        description: 'The job making the attempt (`GET /api/saas/jobs/status/{jobId}`).',
      }),
  })
  .openapi({
    description: 'A callback delivery queued again, its next attempt due now.',
    required: ['deliveryId', 'eventLogId', 'attempt', 'jobId'],
    examples: [
      {
        deliveryId: '3d1f2c4b-9a8e-4f7d-8c6b-5a4e3d2c1b0a',
        eventLogId: '0b7d2c1e-2f57-4f0c-9a0f-5b1f6f0d1a11',
        attempt: 3,
        jobId: '6650f1c2a9e4b3d2c1f0e9d8',
      },
    ],
  })
  .openapi('CallbackResend')

export const CallbackResendEnvelopeSchema = SuccessEnvelopeSchema.and(
  z.object({ data: CallbackResendSchema }).openapi({ required: ['data'] }),
).openapi('CallbackResendEnvelope')

export const EventLogStatusSchema = z
  .enum(['scheduled', 'processing', 'completed', 'partial', 'failed'])
  .openapi({
    description:
      '`scheduled`: waiting for its `delayMinutes`; `processing`: its actions are running; `completed`: every\naction ran ok or was skipped; `partial`: some actions failed; `failed`: every action failed, or the run\nitself failed (see `error`).\n',
  })
  .openapi('EventLogStatus')

export const EventLogSchema = z
  .object({
    id: z.string().openapi({ description: 'The `eventLogId` the trigger answered with.' }),
    trigger: z.string(),
    source: z
      .enum(['api', 'system', 'legacy'])
      .openapi({
        description:
          '`api`: POST /api/saas/workflows/trigger; `system`: a CRM change; `legacy`: the deprecated events route.',
      }),
    status: EventLogStatusSchema,
    phone: z.string().nullable(),
    email: z.string().nullable(),
    leadId: z.string().nullable(),
    rulesMatched: z.int().min(0),
    meetLink: z.string().nullable(),
    meetWarning: z.string().nullable(),
    depth: z
      .int()
      .min(0)
      .openapi({
        description:
          'How deep in an automation chain the event is (0 when a client or a person caused it).',
      }),
    error: z
      .string()
      .nullable()
      .openapi({ description: 'Why the run itself failed (action failures are on each action).' }),
    createdAt: z.iso.datetime(),
    completedAt: z.iso.datetime().nullable(),
    runAt: z.iso
      .datetime()
      .openapi({
        description: 'When the run starts (later than `createdAt` for a delayed trigger).',
      }),
  })
  .openapi({
    description:
      'One trigger the engine received (from the API, the CRM or the deprecated events route).',
    required: [
      'id',
      'trigger',
      'source',
      'status',
      'phone',
      'email',
      'leadId',
      'rulesMatched',
      'meetLink',
      'meetWarning',
      'depth',
      'error',
      'createdAt',
      'completedAt',
      'runAt',
    ],
    example: {
      id: '3f6c2a9e-8b1d-4c7a-9e2f-1a5b7c9d0e4f',
      trigger: 'appointment_confirmed',
      source: 'api',
      status: 'completed',
      phone: '+919876543210',
      email: 'patient@example.com',
      leadId: '9a1e5c3b-2d4f-4b6a-8c0e-7f1d3b5a9c2e',
      rulesMatched: 2,
      meetLink: 'https://meet.google.com/abc-defg-hij',
      meetWarning: null,
      depth: 0,
      error: null,
      createdAt: '2026-03-14T09:30:00.000Z',
      completedAt: '2026-03-14T09:30:00.412Z',
      runAt: '2026-03-14T09:30:00.000Z',
    },
  })
  .openapi('EventLog')

export const EventActionRunSchema = z
  .object({
    id: z.string(),
    ruleId: z
      .string()
      .nullable()
      .openapi({ description: 'Null once the rule has been deleted (`ruleName` keeps its name).' }),
    ruleName: z.string(),
    position: z.int().min(0),
    type: z.string().openapi({ examples: ['send_whatsapp'] }),
    config: z
      .looseObject({})
      .openapi({
        description: "The action's configuration as the rule had it when the event fired.",
      }),
    delayMinutes: z.int().min(0),
    status: z.enum(['pending', 'scheduled', 'running', 'ok', 'failed', 'skipped']),
    reason: z.string().nullable().openapi({ description: 'Why the action failed or was skipped.' }),
    result: z
      .looseObject({})
      .nullable()
      .openapi({ description: 'What the action produced (a message id, the new stage…).' }),
    jobId: z
      .string()
      .nullable()
      .openapi({
        description:
          'The background job that runs a delayed action (see GET /api/saas/jobs/status/{jobId}).',
      }),
    runAt: z.iso.datetime(),
    attempts: z.int().min(0),
    startedAt: z.iso.datetime().nullable(),
    finishedAt: z.iso.datetime().nullable(),
  })
  .openapi({
    description: 'One action of one matched rule, as it ran (or will run) for the event.',
    required: [
      'id',
      'ruleId',
      'ruleName',
      'position',
      'type',
      'config',
      'delayMinutes',
      'status',
      'reason',
      'result',
      'jobId',
      'runAt',
      'attempts',
      'startedAt',
      'finishedAt',
    ],
  })
  .openapi('EventActionRun')

export const EventCallbackAttemptSchema = z
  .object({
    attempt: z.int().min(1),
    status: z.enum(['delivered', 'failed']),
    statusCode: z
      .int()
      .nullable()
      .openapi({
        description:
          "The receiver's HTTP status; null when no answer came (timeout, refused connection).",
      }),
    durationMs: z.int().min(0),
    error: z.string().nullable(),
    createdAt: z.iso.datetime(),
  })
  .openapi({ required: ['attempt', 'status', 'statusCode', 'durationMs', 'error', 'createdAt'] })
  .openapi('EventCallbackAttempt')

export const EventCallbackSchema = z
  .object({
    id: z
      .string()
      .openapi({
        description: 'Also the Standard Webhooks `webhook-id` header, the same on every retry.',
      }),
    url: z.string(),
    status: z
      .enum(['pending', 'delivered', 'failed'])
      .openapi({
        description:
          '`pending` until a 2xx answer (`delivered`) or until the retry schedule runs out (`failed`).',
      }),
    body: z
      .string()
      .openapi({ description: 'The exact JSON bytes signed and sent on every attempt.' }),
    nextAttemptAt: z.iso.datetime().nullable(),
    jobId: z.string().nullable(),
    createdAt: z.iso.datetime(),
    finishedAt: z.iso.datetime().nullable(),
    attempts: z.array(EventCallbackAttemptSchema).openapi({ description: 'Oldest first.' }),
  })
  .openapi({
    description:
      "The signed POST of the event's outcome to its `callbackUrl`, with every attempt so far.",
    required: [
      'id',
      'url',
      'status',
      'body',
      'nextAttemptAt',
      'jobId',
      'createdAt',
      'finishedAt',
      'attempts',
    ],
  })
  .openapi('EventCallback')

export const EventLogDetailSchema = EventLogSchema.and(
  z
    .object({
      payload: z
        .looseObject({})
        .openapi({
          description:
            'What the trigger carried (`variables`, `data`, `meetConfig`, `leadData`… or the CRM change).',
        }),
      callbackUrl: z.string().nullable(),
      callbackMetadata: z.looseObject({}).nullable(),
      jobId: z
        .string()
        .nullable()
        .openapi({
          description:
            'The background job that runs the event (see GET /api/saas/jobs/status/{jobId}).',
        }),
      actions: z
        .array(EventActionRunSchema)
        .openapi({ description: 'One entry per action of each matched rule, in run order.' }),
      callback: z
        .xor([EventCallbackSchema, z.null().nullable()])
        .openapi({
          description:
            'Null when the trigger had no `callbackUrl` (or the callback is not created yet).',
        }),
    })
    .openapi({
      required: ['payload', 'callbackUrl', 'callbackMetadata', 'jobId', 'actions', 'callback'],
    }),
).openapi('EventLogDetail')

export const EventLogDetailEnvelopeSchema = SuccessEnvelopeSchema.and(
  z.object({ data: EventLogDetailSchema }).openapi({ required: ['data'] }),
).openapi('EventLogDetailEnvelope')

export const EventStatsSchema = z
  .object({
    totalEvents: z.int().min(0),
    byTrigger: z
      .array(
        z
          .object({
            trigger: z.string(),
            count: z.int().min(1),
            successRate: z
              .number()
              .min(0)
              .max(1)
              .nullable()
              .openapi({
                description:
                  "`completed ÷ (completed + partial + failed)` among this trigger's events, rounded to 2\ndecimals: events still `scheduled` or `processing` are left out, and a `partial` event (some\naction failed) is not a success. Null while none of them has finished.\n",
              }),
          })
          .openapi({ required: ['trigger', 'count', 'successRate'] }),
      )
      .openapi({
        description: 'One entry per trigger that has events, most events first (ties by name).',
      }),
    byStatus: z
      .array(
        z
          .object({ status: EventLogStatusSchema, count: z.int().min(1) })
          .openapi({ required: ['status', 'count'] }),
      )
      .openapi({
        description: 'One entry per status that has events, most events first (ties by name).',
      }),
  })
  .openapi({
    description: 'Counts of the events created in the requested range (all time without one).',
    required: ['totalEvents', 'byTrigger', 'byStatus'],
    example: {
      totalEvents: 1250,
      byTrigger: [{ trigger: 'appointment_confirmed', count: 420, successRate: 0.98 }],
      byStatus: [
        { status: 'completed', count: 1230 },
        { status: 'failed', count: 20 },
      ],
    },
  })
  .openapi('EventStats')

export const EventStatsEnvelopeSchema = SuccessEnvelopeSchema.and(
  z.object({ data: EventStatsSchema }).openapi({ required: ['data'] }),
).openapi('EventStatsEnvelope')

export const JobStatusSchema = z
  .strictObject({
    jobId: z.string(),
    name: z
      .string()
      .openapi({
        description:
          'What the job does (`workflows.run-event` runs an event, `workflows.run-action` one delayed action).',
      }),
    status: z
      .enum(['queued', 'processing', 'completed', 'failed'])
      .openapi({
        description:
          "queued: waiting for its time or a worker; processing: a worker holds it; completed / failed: its last run's outcome.",
      }),
    attempts: z.int().min(0).openapi({ description: 'How many times a worker has started it.' }),
    lastError: z.string().nullable().openapi({ description: 'Why its last failed run failed.' }),
    scheduledFor: z.iso
      .datetime()
      .nullable()
      .openapi({ description: 'When it runs next (null once it has run).' }),
    lastRunAt: z.iso.datetime().nullable(),
    finishedAt: z.iso.datetime().nullable(),
    eventLogId: z.string().nullable().openapi({ description: 'The event log the job works for.' }),
  })
  .openapi({
    required: [
      'jobId',
      'name',
      'status',
      'attempts',
      'lastError',
      'scheduledFor',
      'lastRunAt',
      'finishedAt',
      'eventLogId',
    ],
    examples: [
      {
        jobId: '7f0e1d2c-3b4a-4958-8776-655443322110',
        name: 'workflows.run-event',
        status: 'completed',
        attempts: 1,
        lastError: null,
        scheduledFor: null,
        lastRunAt: '2026-03-15T09:30:00.012Z',
        finishedAt: '2026-03-15T09:30:00.041Z',
        eventLogId: '0b7d2c1e-2f57-4f0c-9a0f-5b1f6f0d1a11',
      },
    ],
  })
  .openapi('JobStatus')

export const JobStatusEnvelopeSchema = SuccessEnvelopeSchema.and(
  z.object({ data: JobStatusSchema }).openapi({ required: ['data'] }),
).openapi('JobStatusEnvelope')

export const CreateConversationRequestSchema = z
  .strictObject({
    phone: z
      .string()
      .max(32)
      .openapi({
        description:
          "Any common notation, stored as E.164, read as a lead's phone is: with a country code\n(`+91 98765-43210`, `919876543210`) or without, in the tenant's `defaultCountry`. A number of\nno possible length for its country, or with an extension, answers 400 `VALIDATION_ERROR`\nnaming `body.phone`.\n",
      }),
    name: z
      .string()
      .min(1)
      .max(100)
      .exactOptional()
      .openapi({ description: "The contact's name as the inbox shows it." }),
  })
  .openapi({ required: ['phone'], example: { phone: '+919876543210', name: 'Ravi Kumar' } })
  .openapi('CreateConversationRequest')

export const UpdateConversationRequestSchema = z
  .strictObject({
    status: ConversationStatusSchema.exactOptional(),
    assignedTo: z
      .string()
      .min(1)
      .max(100)
      .nullable()
      .exactOptional()
      .openapi({
        description: 'The agent the conversation is assigned to (any id or name the tenant uses).',
      }),
    tags: z
      .array(z.string().min(1).max(50))
      .max(50)
      .exactOptional()
      .openapi({
        description:
          "The conversation's tags, replacing the ones it had; a tag given twice is kept once.",
      }),
    name: z.string().min(1).max(100).nullable().exactOptional(),
  })
  .refine((o) => Object.keys(o).length >= 1)
  .openapi({
    description: 'The fields to change; `null` clears `assignedTo` or `name`.',
    example: { status: 'closed', assignedTo: 'agent-7', tags: ['support', 'urgent'] },
  })
  .openapi('UpdateConversationRequest')

export const CursorPaginationSchema = z
  .object({
    hasMore: z
      .boolean()
      .openapi({
        description:
          "More items lie beyond this page in the direction it was read (see the operation's cursors).",
      }),
  })
  .openapi({
    description: 'Fields a list read from a cursor carries next to `data`.',
    required: ['hasMore'],
  })
  .openapi('CursorPagination')

export const SendMessageRequestSchema = z
  .strictObject({
    to: z
      .string()
      .max(32)
      .openapi({
        description:
          "The contact's phone in any common notation, read as a lead's phone is (without a country code,\nin the tenant's `defaultCountry`). A number of no possible length answers 400 naming `body.to`.\n",
      }),
    text: z
      .string()
      .min(1)
      .max(4096)
      .exactOptional()
      .openapi({
        description:
          "Free-form text (Meta's limit, 4,096 characters); a link in it gets a preview.",
      }),
    templateName: z
      .string()
      .min(1)
      .max(512)
      .exactOptional()
      .openapi({ description: 'An approved template synced for the tenant.' }),
    templateLanguage: z
      .string()
      .min(2)
      .max(15)
      .exactOptional()
      .openapi({ description: "The template's language code (default `en_US`)." }),
    variables: z
      .array(z.string().min(1).max(1024))
      .max(100)
      .exactOptional()
      .openapi({
        description:
          "The template's body parameters, in order (the Nth fills `{{N}}`). Without them, a template with a\nmapping (`PUT /api/saas/chat/templates/{templateName}/mapping`) is filled from the open CRM lead\nwith this phone and its conversation, as an automation's send is; a value left empty is 422\n`TEMPLATE_VARIABLE_EMPTY` unless the template's `onEmptyVariable` is `default`.\n",
      }),
    mediaUrl: z
      .url()
      .max(2048)
      .exactOptional()
      .openapi({
        description:
          "A public `https://` (or `http://`) link Meta fetches the media from, such as an upload's `url`.",
      }),
    mediaType: z.enum(['image', 'video', 'audio', 'document']).exactOptional(),
    caption: z
      .string()
      .min(1)
      .max(1024)
      .exactOptional()
      .openapi({
        description: 'Shown under an image, video or document (Meta has no caption for audio).',
      }),
    replyTo: z
      .string()
      .max(64)
      .exactOptional()
      .openapi({
        description:
          "Our id of a message of this conversation to quote (Meta's `context.message_id`). An id that\nnames no message of the conversation with `to` answers 404 `MESSAGE_NOT_FOUND`.\n",
      }),
  })
  .openapi({
    description:
      'Exactly one kind of content: `text`; or a template (`templateName`, with `templateLanguage` and\n`variables`); or media (`mediaUrl` with `mediaType`, and a `caption` except for audio). None, or\nfields of two kinds, answers 400 `VALIDATION_ERROR` naming the fields.\n',
    required: ['to'],
    example: { to: '+919876543210', text: 'Hello, your appointment is confirmed!' },
  })
  .openapi('SendMessageRequest')

export const BroadcastRecipientInputSchema = z
  .strictObject({
    phone: z
      .string()
      .max(32)
      .openapi({
        description:
          "Any common notation, read as a lead's phone is (without a country code, in the tenant's\n`defaultCountry`). One that is not a phone number is recorded as a `rejected` recipient.\n",
      }),
    variables: z
      .array(z.string().min(1).max(1024))
      .max(100)
      .exactOptional()
      .openapi({
        description:
          "The template's body parameters for this recipient, in order (the Nth fills `{{N}}`).",
      }),
  })
  .openapi({ required: ['phone'] })
  .openapi('BroadcastRecipientInput')

export const BroadcastAudienceSchema = z
  .strictObject({
    tags: z.array(z.string().min(1).max(100)).min(1).max(20).exactOptional(),
    pipelineId: z.string().max(64).exactOptional(),
    stageId: z.string().max(64).exactOptional(),
    minScore: z.number().exactOptional(),
    source: z.string().min(1).max(100).exactOptional(),
  })
  .refine((o) => Object.keys(o).length >= 1)
  .openapi({
    description:
      "The CRM's open leads to send to, instead of a recipient list: filters combine, as the lead list's do\n(`tags`: leads having every tag). Leads without a phone are skipped; a phone shared by leads gets one message.\n",
  })
  .openapi('BroadcastAudience')

export const CreateBroadcastRequestSchema = z
  .strictObject({
    name: z.string().min(1).max(200),
    templateName: z
      .string()
      .min(1)
      .max(512)
      .openapi({ description: 'An approved template synced for the tenant.' }),
    language: z
      .string()
      .min(2)
      .max(15)
      .exactOptional()
      .openapi({ description: "The template's language code (default `en_US`)." }),
    recipients: z.array(BroadcastRecipientInputSchema).min(1).max(100000).exactOptional(),
    audience: BroadcastAudienceSchema.exactOptional(),
    variables: z
      .array(z.string().min(1).max(1024))
      .max(100)
      .exactOptional()
      .openapi({ description: "With `audience`, the template's body parameters for every lead." }),
    scheduledAt: z.iso
      .datetime()
      .exactOptional()
      .openapi({
        description:
          'When sending starts (ISO 8601, in the future, at most a year ahead); now when absent.',
      }),
  })
  .openapi({
    description:
      'A template sent to each recipient: `recipients` (1 to 100,000), or an `audience` of CRM leads\n(with the same `variables` for each). Both, or neither, answers 400 `VALIDATION_ERROR`.\n',
    required: ['name', 'templateName'],
    example: {
      name: 'Summer Health Camp',
      templateName: 'health_camp_invite',
      recipients: [
        { phone: '+919876543210', variables: ['Ravi', 'March 20'] },
        { phone: '+919999999999', variables: ['Priya', 'March 20'] },
      ],
    },
  })
  .openapi('CreateBroadcastRequest')

export const BroadcastStatusSchema = z
  .enum(['scheduled', 'sending', 'completed', 'cancelled'])
  .openapi({
    description:
      '`scheduled` until its `scheduledAt` (or its first message is queued), `sending` while recipients wait or their messages are in the outbound queue, `completed` once every message has left the queue (sent or failed), `cancelled` when cancelled before that.',
  })
  .openapi('BroadcastStatus')

export const BroadcastAcceptedSchema = z
  .object({
    broadcastId: z.string(),
    status: BroadcastStatusSchema,
    accepted: z.int().min(0),
    rejected: z.int().min(0),
    duplicates: z.int().min(0),
    scheduledAt: z.iso.datetime(),
  })
  .openapi({
    description:
      'What was accepted: `accepted` recipients will each get one message, `rejected` were recorded with\ntheir error (listed as `rejected` recipients), `duplicates` repeated a phone already in the list.\n',
    required: ['broadcastId', 'status', 'accepted', 'rejected', 'duplicates', 'scheduledAt'],
  })
  .openapi('BroadcastAccepted')

export const BroadcastAcceptedEnvelopeSchema = SuccessEnvelopeSchema.and(
  z.object({ data: BroadcastAcceptedSchema }).openapi({ required: ['data'] }),
).openapi('BroadcastAcceptedEnvelope')

export const BroadcastRecipientCountsSchema = z
  .strictObject({
    pending: z.int().min(0),
    queued: z.int().min(0),
    sent: z.int().min(0),
    delivered: z.int().min(0),
    read: z.int().min(0),
    failed: z.int().min(0),
    rejected: z.int().min(0),
    cancelled: z.int().min(0),
  })
  .openapi({
    description: 'How many recipients are in each status now.',
    required: ['pending', 'queued', 'sent', 'delivered', 'read', 'failed', 'rejected', 'cancelled'],
  })
  .openapi('BroadcastRecipientCounts')

export const BroadcastSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    templateName: z.string(),
    language: z.string(),
    status: BroadcastStatusSchema,
    audience: z.xor([BroadcastAudienceSchema, z.null().nullable()]),
    accepted: z.int().min(0),
    rejected: z.int().min(0),
    duplicates: z.int().min(0),
    counts: BroadcastRecipientCountsSchema,
    progress: z
      .number()
      .min(0)
      .max(1)
      .openapi({
        description:
          'The share of accepted recipients whose message has left the queue (sent or further, failed, or cancelled).',
      }),
    scheduledAt: z.iso.datetime(),
    startedAt: z.iso
      .datetime()
      .nullable()
      .openapi({ description: 'When its first message was queued.' }),
    finishedAt: z.iso
      .datetime()
      .nullable()
      .openapi({ description: 'When its last message left the queue.' }),
    cancelledAt: z.iso.datetime().nullable(),
    createdAt: z.iso.datetime(),
  })
  .openapi({
    description: 'A WhatsApp broadcast and where its recipients are.',
    required: [
      'id',
      'name',
      'templateName',
      'language',
      'status',
      'audience',
      'accepted',
      'rejected',
      'duplicates',
      'counts',
      'progress',
      'scheduledAt',
      'startedAt',
      'finishedAt',
      'cancelledAt',
      'createdAt',
    ],
  })
  .openapi('Broadcast')

export const BroadcastEnvelopeSchema = SuccessEnvelopeSchema.and(
  z.object({ data: BroadcastSchema }).openapi({ required: ['data'] }),
).openapi('BroadcastEnvelope')

export const BroadcastRecipientStatusSchema = z
  .enum(['pending', 'queued', 'sent', 'delivered', 'read', 'failed', 'rejected', 'cancelled'])
  .openapi({
    description:
      "`pending` until the recipient's message is queued; then its message's status (`queued`, `sent`, `delivered`, `read`, or `failed` with Meta's code). `rejected`: the phone is not a phone number, or the recipient has fewer variables than the template needs (nothing sent; `error` says which). `cancelled`: the broadcast was cancelled before the message left.",
  })
  .openapi('BroadcastRecipientStatus')

export const BroadcastRecipientSchema = z
  .object({
    position: z
      .int()
      .min(0)
      .openapi({
        description:
          "The recipient's place in the request's `recipients` (from 0; an audience's leads, oldest first), duplicates counted.",
      }),
    phone: z
      .string()
      .nullable()
      .openapi({ description: 'E.164; null for a phone that is not a phone number (`rejected`).' }),
    givenPhone: z
      .string()
      .openapi({ description: "The phone as the request wrote it (or the lead's)." }),
    variables: z.array(z.string()),
    status: BroadcastRecipientStatusSchema,
    error: z
      .string()
      .nullable()
      .openapi({ description: "Why it was rejected, or Meta's error title of a failed message." }),
    errorCode: z
      .int()
      .nullable()
      .openapi({ description: "Meta's error code of a failed message." }),
    messageId: z.string().nullable(),
    conversationId: z.string().nullable(),
    sentAt: z.iso.datetime().nullable(),
    deliveredAt: z.iso.datetime().nullable(),
    readAt: z.iso.datetime().nullable(),
    failedAt: z.iso.datetime().nullable(),
  })
  .openapi({
    description: 'One recipient of a broadcast, and its message once queued.',
    required: [
      'position',
      'phone',
      'givenPhone',
      'variables',
      'status',
      'error',
      'messageId',
      'conversationId',
      'errorCode',
      'sentAt',
      'deliveredAt',
      'readAt',
      'failedAt',
    ],
  })
  .openapi('BroadcastRecipient')

export const AutoReplyKeywordsSchema = z
  .array(z.string().min(1).max(100))
  .min(1)
  .max(50)
  .openapi({
    description:
      'Keywords, each compared after normalisation (case, accents, spaces; see `AutoReplyMatch`).',
  })
  .openapi('AutoReplyKeywords')

export const AutoReplyMatchSchema = z
  .xor([
    z.strictObject({ contains: AutoReplyKeywordsSchema }).openapi({ required: ['contains'] }),
    z.strictObject({ exact: AutoReplyKeywordsSchema }).openapi({ required: ['exact'] }),
    z.strictObject({ regex: z.string().min(1).max(500) }).openapi({ required: ['regex'] }),
  ])
  .openapi({
    description:
      'What an inbound text must say for the flow to answer it, one of three kinds. `contains` and\n`exact` compare the text and each keyword normalised the same way: lowercase, Latin accents\nremoved (`café` = `cafe`; other scripts\' marks, such as Devanagari vowel signs, are kept), every\nrun of whitespace one space.\n\n- `contains`: a keyword appears as whole words (`hi` matches "Hi there", not "this").\n- `exact`: the whole text is one of the keywords, punctuation at its ends ignored (`stop`\n  matches "STOP!", `👍` matches "👍").\n- `regex`: an RE2 pattern (linear-time: no backreferences, no lookaround), searched in the text\n  as received, case-insensitively unless the pattern says `(?-i)`. At most 500 characters and 250\n  RE2 instructions (`\\pL{1000}` is too large), 2,500 for all the flows\' patterns together. A\n  pattern RE2 refuses answers 400 `VALIDATION_ERROR` on its `regex` field.\n',
  })
  .openapi('AutoReplyMatch')

export const AutoReplyMessageSchema = z
  .xor([
    z.strictObject({ text: z.string().min(1).max(4096) }).openapi({ required: ['text'] }),
    z
      .strictObject({
        templateName: z.string().min(1).max(512),
        language: z.string().regex(/^[a-z]{2,3}(_[A-Z]{2})?$/),
      })
      .openapi({ required: ['templateName', 'language'] }),
  ])
  .openapi({
    description:
      'What an auto-reply sends: free-form text (always inside the 24-hour window, which the inbound\nmessage opened) or an approved template with no `{{n}}` variables (sent without parameters; one\nwith variables answers 400). A template must be synced (404 `TEMPLATE_NOT_FOUND`) and approved\n(422 `TEMPLATE_NOT_APPROVED`) when the flows are saved, and still be when a reply is sent.\n',
  })
  .openapi('AutoReplyMessage')

export const AutoReplyFlowSchema = z
  .strictObject({
    id: z
      .string()
      .regex(/^[A-Za-z0-9_.-]{1,64}$/)
      .openapi({ description: "The flow's name, unique among the tenant's flows." }),
    match: AutoReplyMatchSchema,
    reply: AutoReplyMessageSchema,
  })
  .openapi({ required: ['id', 'match', 'reply'] })
  .openapi('AutoReplyFlow')

export const AutoRepliesSchema = z
  .strictObject({
    flows: z.array(AutoReplyFlowSchema),
    fallback: z.xor([z.null().nullable(), AutoReplyMessageSchema]),
    updatedAt: z
      .xor([z.null().nullable(), z.iso.datetime()])
      .openapi({ description: 'When the flows were last saved; null before.' }),
  })
  .openapi({
    required: ['flows', 'fallback', 'updatedAt'],
    description: "The tenant's keyword auto-replies (none until saved).",
  })
  .openapi('AutoReplies')

export const AutoRepliesEnvelopeSchema = SuccessEnvelopeSchema.and(
  z.object({ data: AutoRepliesSchema }).openapi({ required: ['data'] }),
).openapi('AutoRepliesEnvelope')

export const AutoRepliesUpdateSchema = z
  .strictObject({
    flows: z.array(AutoReplyFlowSchema).max(100),
    fallback: z
      .xor([z.null().nullable(), AutoReplyMessageSchema])
      .exactOptional()
      .openapi({ description: 'Sent when no flow matches; null or absent for none.' }),
  })
  .openapi({
    required: ['flows'],
    description:
      "The tenant's flows, in the order they are tried, replacing the ones saved (an empty list and no\n`fallback` turn auto-replies off). At most 100 flows; two with one `id` answer 400.\n",
    example: {
      flows: [
        { id: 'greeting', match: {}, reply: { text: 'Hello! Reply BOOK to book an appointment.' } },
        {
          id: 'book',
          match: { exact: ['book'] },
          reply: { templateName: 'booking_link', language: 'en_US' },
        },
        {
          id: 'order-status',
          match: { regex: '\\border\\s*#?\\d{4,}' },
          reply: { text: 'We are looking up your order and will answer shortly.' },
        },
      ],
      fallback: { text: 'Thanks for your message, we will answer soon.' },
    },
  })
  .openapi('AutoRepliesUpdate')

export const AutoReplyTestRequestSchema = z
  .strictObject({
    text: z
      .string()
      .min(1)
      .max(4096)
      .openapi({ description: 'An inbound text, as a contact would send it.' }),
  })
  .openapi({ required: ['text'], example: { text: 'Hi, is the clinic open on Sunday?' } })
  .openapi('AutoReplyTestRequest')

export const AutoReplyTestResultSchema = z
  .strictObject({
    answeredBy: z.enum(['flow', 'fallback', 'none']),
    flowId: z
      .xor([z.null().nullable(), z.string()])
      .openapi({ description: 'The first flow that matches; null for the fallback or no answer.' }),
    reply: z
      .xor([z.null().nullable(), AutoReplyMessageSchema])
      .openapi({ description: 'What would be sent; null when nothing would.' }),
    normalizedText: z
      .string()
      .openapi({ description: 'The text as `contains` and `exact` compare it.' }),
  })
  .openapi({
    required: ['answeredBy', 'flowId', 'reply', 'normalizedText'],
    description: 'What the saved flows would answer to the text. Nothing is sent or written.',
  })
  .openapi('AutoReplyTestResult')

export const AutoReplyTestResultEnvelopeSchema = SuccessEnvelopeSchema.and(
  z.object({ data: AutoReplyTestResultSchema }).openapi({ required: ['data'] }),
).openapi('AutoReplyTestResultEnvelope')

export const WhatsappTemplateMappingStatusSchema = z
  .enum(['mapped', 'partial', 'unmapped'])
  .openapi({
    description:
      "`mapped`: every variable has a mapping (or the template has none); `partial`: some do;\n`unmapped`: none does (a send then fills the body from the event's `variables` in order).\n",
  })
  .openapi('WhatsappTemplateMappingStatus')

export const WhatsappTemplateStatusSchema = z
  .string()
  .openapi({
    description:
      "Meta's review status, lower case (`approved`, `pending`, `rejected`, `paused`, `disabled`, …), or\n`deleted` when the last sync no longer found it in the WhatsApp Business Account (kept, since\nrules may name it). Only an `approved` template can be sent.\n",
    example: 'approved',
  })
  .openapi('WhatsappTemplateStatus')

export const WhatsappTemplateVariableComponentSchema = z
  .enum(['header', 'body', 'button'])
  .openapi({
    description:
      "Where the placeholder sits; Graph takes header, body and each button's parameters separately.",
  })
  .openapi('WhatsappTemplateVariableComponent')

export const WhatsappTemplateMappingSourceSchema = z
  .enum(['lead', 'pipeline', 'stage', 'event', 'conversation', 'metadata'])
  .openapi({
    description:
      "The collection a mapped variable reads (`GET /api/saas/chat/collections`): the lead, its pipeline\nand stage, the trigger's event (its `variables`, then its `data`), the phone's conversation, or\nthe lead's `metadata` (`refs`, then `extra`).\n",
  })
  .openapi('WhatsappTemplateMappingSource')

export const WhatsappTemplateMappingSchema = z
  .strictObject({
    variableIndex: z.int().min(1).max(100).openapi({ description: 'The `n` of `{{n}}`.' }),
    component: WhatsappTemplateVariableComponentSchema.default('body').exactOptional(),
    buttonIndex: z
      .int()
      .min(0)
      .max(9)
      .exactOptional()
      .openapi({
        description: "For a button's placeholder, the button's position (from 0); required then.",
      }),
    source: WhatsappTemplateMappingSourceSchema,
    field: z
      .string()
      .regex(/^[A-Za-z0-9_$-]+(\.[A-Za-z0-9_$-]+)*$/)
      .min(1)
      .max(200)
      .openapi({
        description:
          'A field of the source (`firstName`, `name`, `doctorName`, `extra.plan`); dots reach nested values.',
      }),
  })
  .openapi({
    description: 'Which field fills one `{{n}}` of the template.',
    required: ['variableIndex', 'source', 'field'],
    example: { variableIndex: 1, source: 'lead', field: 'firstName' },
  })
  .openapi('WhatsappTemplateMapping')

export const WhatsappTemplateVariableSchema = z
  .object({
    component: WhatsappTemplateVariableComponentSchema,
    index: z.int().min(0).openapi({ description: 'The `n` of `{{n}}`.' }),
    buttonIndex: z
      .int()
      .min(0)
      .exactOptional()
      .openapi({ description: "For a button's placeholder, the button's position." }),
    text: z.string().openapi({ description: "The text it sits in (a URL button's `url`)." }),
    mapping: z.xor([WhatsappTemplateMappingSchema, z.null().nullable()]),
  })
  .openapi({
    description:
      'One `{{n}}` placeholder of a template, with the mapping that fills it (`null` when unmapped).',
    required: ['component', 'index', 'text', 'mapping'],
  })
  .openapi('WhatsappTemplateVariable')

export const WhatsappTemplateOnEmptyVariableSchema = z
  .enum(['skip', 'fail', 'default'])
  .openapi({
    description:
      "What a send does when a variable's value is empty: `skip` the send (the automation's action ends\n`skipped`), `fail` it, or send `defaultValue` in its place.\n",
  })
  .openapi('WhatsappTemplateOnEmptyVariable')

export const WhatsappTemplateSchema = z
  .object({
    name: z.string(),
    language: z.string().openapi({ example: 'en_US' }),
    channel: z.literal('whatsapp'),
    status: WhatsappTemplateStatusSchema,
    category: z.string().nullable().openapi({ example: 'UTILITY' }),
    components: z
      .array(z.looseObject({}))
      .openapi({ description: "Meta's components (HEADER, BODY, FOOTER, BUTTONS) as synced." }),
    variables: z
      .array(WhatsappTemplateVariableSchema)
      .openapi({
        description:
          'Each `{{n}}` of the header, body and buttons, in the order Graph takes their parameters.',
      }),
    mappings: z.array(WhatsappTemplateMappingSchema),
    mappingStatus: WhatsappTemplateMappingStatusSchema,
    onEmptyVariable: WhatsappTemplateOnEmptyVariableSchema,
    defaultValue: z
      .string()
      .nullable()
      .openapi({
        description: 'What `onEmptyVariable` `default` sends in place of an empty value.',
      }),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .openapi({
    description:
      "A WhatsApp template of the tenant's Business Account in one language, as last synced from Meta.",
    required: [
      'name',
      'language',
      'channel',
      'status',
      'category',
      'components',
      'variables',
      'mappings',
      'mappingStatus',
      'onEmptyVariable',
      'defaultValue',
      'createdAt',
      'updatedAt',
    ],
  })
  .openapi('WhatsappTemplate')

export const WhatsappTemplateSyncResultSchema = z
  .object({
    created: z.int().min(0),
    updated: z
      .int()
      .min(0)
      .openapi({
        description:
          'Templates whose status, category or components changed (a deleted one listed again included).',
      }),
    deleted: z.int().min(0).openapi({ description: 'Templates no longer listed, now `deleted`.' }),
    total: z.int().min(0),
  })
  .openapi({
    description: 'What the sync changed. `total` is how many templates Meta listed.',
    required: ['created', 'updated', 'deleted', 'total'],
    example: { created: 3, updated: 1, deleted: 0, total: 12 },
  })
  .openapi('WhatsappTemplateSyncResult')

export const WhatsappTemplateMappingUpdateSchema = z
  .strictObject({
    language: z
      .string()
      .regex(/^[A-Za-z_]+$/)
      .min(2)
      .max(20)
      .exactOptional(),
    mappings: z.array(WhatsappTemplateMappingSchema).max(100),
    onEmptyVariable: WhatsappTemplateOnEmptyVariableSchema.default('skip').exactOptional(),
    defaultValue: z
      .string()
      .min(1)
      .max(1000)
      .exactOptional()
      .openapi({
        description: 'Required with `onEmptyVariable` `default`, refused with the others.',
      }),
  })
  .openapi({
    description:
      "The template's whole mapping, replacing the one it had. Each `variableIndex` (with its\n`component` and `buttonIndex`) must be a placeholder of the template, once; each `field` must\nexist in its source (`GET /api/saas/chat/collections/{name}/fields`; the event's and metadata's\nkeys are open). Without `language`, every language of the template takes it.\n",
    required: ['mappings'],
    example: {
      mappings: [
        { variableIndex: 1, source: 'lead', field: 'firstName' },
        { variableIndex: 2, source: 'event', field: 'doctorName' },
      ],
      onEmptyVariable: 'skip',
    },
  })
  .openapi('WhatsappTemplateMappingUpdate')

export const WhatsappTemplateValidationSchema = z
  .object({
    name: z.string(),
    language: z.string(),
    valid: z.boolean().openapi({ description: 'Every variable is mapped to a field that exists.' }),
    mappingStatus: WhatsappTemplateMappingStatusSchema,
    variables: z.array(
      z
        .object({
          component: WhatsappTemplateVariableComponentSchema,
          index: z.int(),
          buttonIndex: z.int().exactOptional(),
          mapped: z.boolean(),
          fieldExists: z
            .boolean()
            .openapi({
              description: 'The mapped field exists in its source (false when unmapped).',
            }),
          mapping: z.xor([WhatsappTemplateMappingSchema, z.null().nullable()]),
        })
        .openapi({ required: ['component', 'index', 'mapped', 'fieldExists', 'mapping'] }),
    ),
  })
  .openapi({
    description: 'Whether one language of the template can be filled from its mapping.',
    required: ['name', 'language', 'valid', 'mappingStatus', 'variables'],
  })
  .openapi('WhatsappTemplateValidation')

export const WhatsappTemplatePreviewRequestSchema = z
  .strictObject({
    language: z
      .string()
      .regex(/^[A-Za-z_]+$/)
      .min(2)
      .max(20)
      .exactOptional(),
    context: z
      .strictObject({
        lead: z.looseObject({}).exactOptional(),
        pipeline: z.looseObject({}).exactOptional(),
        stage: z.looseObject({}).exactOptional(),
        event: z.looseObject({}).exactOptional(),
        conversation: z.looseObject({}).exactOptional(),
        metadata: z.looseObject({}).exactOptional(),
      })
      .exactOptional(),
    leadId: z.string().min(1).max(100).exactOptional(),
    variables: z
      .looseObject({})
      .exactOptional()
      .openapi({ description: "The event's `variables` (with `leadId`)." }),
  })
  .openapi({
    description:
      "The data to fill the template with: a `context` of collections (`lead`, `pipeline`, `stage`,\n`event` with its `variables` and `data`, or bare event fields, `conversation`, `metadata`), or a\nreal lead by `leadId` (its pipeline, stage, metadata and conversation read with it) with the\nevent's `variables`. Without `language`, the template's only language.\n",
    example: { context: { lead: { firstName: 'Ravi' }, event: { doctorName: 'Dr. Sharma' } } },
  })
  .openapi('WhatsappTemplatePreviewRequest')

export const WhatsappTemplatePreviewSchema = z
  .object({
    name: z.string(),
    language: z.string(),
    outcome: z
      .enum(['ready', 'skipped', 'failed'])
      .openapi({
        description:
          '`ready`: it would be sent; `skipped`/`failed`: an empty variable stops it (`onEmptyVariable`).',
      }),
    reason: z.string().exactOptional().openapi({ description: 'Why it would not be sent.' }),
    parameterSource: z
      .enum(['mapping', 'variables'])
      .openapi({
        description:
          "`mapping`: from the template's mapping; `variables`: unmapped, the event's `variables` in order fill the body.",
      }),
    components: z
      .array(
        z
          .object({
            component: z.enum(['header', 'body', 'footer', 'button']),
            buttonIndex: z.int().exactOptional(),
            text: z.string(),
          })
          .openapi({ required: ['component', 'text'] }),
      )
      .openapi({
        description:
          'Each text component with its placeholders filled (an empty one left as `{{n}}`).',
      }),
    parameters: z
      .array(z.looseObject({}))
      .openapi({
        description:
          'The `components` Graph would receive in the send (only those with parameters).',
      }),
    emptyVariables: z.array(
      z
        .object({
          component: WhatsappTemplateVariableComponentSchema,
          index: z.int(),
          buttonIndex: z.int().exactOptional(),
          action: z
            .enum(['skip', 'fail', 'default'])
            .openapi({ description: 'What `onEmptyVariable` did.' }),
        })
        .openapi({ required: ['component', 'index', 'action'] }),
    ),
  })
  .openapi({
    description: 'The template filled in as a send would fill it now.',
    required: [
      'name',
      'language',
      'outcome',
      'parameterSource',
      'components',
      'parameters',
      'emptyVariables',
    ],
  })
  .openapi('WhatsappTemplatePreview')

export const TemplateCollectionSchema = z
  .object({
    name: WhatsappTemplateMappingSourceSchema,
    description: z.string(),
    openFields: z
      .boolean()
      .openapi({
        description:
          "Any key may be mapped (the event's and metadata's keys are the tenant's own); the listed fields are those known.",
      }),
  })
  .openapi({
    description: "A source a template variable's mapping may read.",
    required: ['name', 'description', 'openFields'],
  })
  .openapi('TemplateCollection')

export const TemplateCollectionFieldSchema = z
  .object({
    key: z.string().openapi({ example: 'firstName' }),
    type: z.enum(['string', 'number', 'boolean', 'date', 'array', 'object', 'any']),
  })
  .openapi({ required: ['key', 'type'] })
  .openapi('TemplateCollectionField')

export const RealtimeTokenSchema = z
  .object({
    token: z
      .string()
      .openapi({
        description:
          'Pass as `?token=` to `GET /api/saas/realtime`. URL-safe; signed by the server; names only this tenant.',
        examples: ['t_1a2b3c4d5e.1767312060000.k3Q9xYV2mP0sLwE7rT4uZbN1cA8dF6gH5jK2lM9nB0q'],
      }),
    expiresAt: z.iso
      .datetime()
      .openapi({
        description:
          'After this the token no longer opens a socket (a socket it opened stays open).',
      }),
  })
  .openapi({
    description:
      "A short-lived credential for one tenant's real-time socket, for a browser that must not hold the API key.",
    required: ['token', 'expiresAt'],
  })
  .openapi('RealtimeToken')

export const RealtimeTokenEnvelopeSchema = SuccessEnvelopeSchema.and(
  z.object({ data: RealtimeTokenSchema }).openapi({ required: ['data'] }),
).openapi('RealtimeTokenEnvelope')

export const GoogleConnectionSchema = z
  .object({
    clientCode: ClientCodeSchema,
    name: z.string().openapi({ description: "The client's name." }),
    scopes: z.array(z.string()).openapi({ description: 'The OAuth scopes Google granted.' }),
  })
  .openapi({
    description: "A client's Google Calendar connection, as stored by the OAuth callback.",
    required: ['clientCode', 'name', 'scopes'],
    example: {
      clientCode: 'nirvisham',
      name: 'Nirvisham Clinics',
      scopes: ['https://www.googleapis.com/auth/calendar.events'],
    },
  })
  .openapi('GoogleConnection')

export const BadRequestResponse = {
  description:
    "Malformed JSON (INVALID_JSON), or input that breaks the schema or the input limits\n(VALIDATION_ERROR, with one `details` entry per offending field), or a rule of the operation:\nCALLBACK_URL_FORBIDDEN (a trigger's or tenant's callback URL), OAUTH_STATE_INVALID and\nGOOGLE_OAUTH_FAILED (the Google consent's return), BAD_REQUEST (a malformed WebSocket handshake).\nAny operation with parameters or a body can answer it.\n",
  content: {
    'application/json': {
      schema: ErrorEnvelopeSchema,
      example: {
        success: false,
        message: 'body.name: Required',
        code: 'VALIDATION_ERROR',
        requestId: '0d9c1b3e-6f1a-4c44-9f57-2f3c8a1f4b21',
      },
    },
  },
}

export const ConflictResponse = {
  description:
    'The request conflicts with existing data: CLIENT_EXISTS, LEAD_EXISTS, DEFAULT_PIPELINE,\nSTAGE_HAS_LEADS, MESSAGE_NOT_SENT, BROADCAST_FINISHED or CONFLICT, by operation; or, on a POST\nsent with `Idempotency-Key`, an earlier request under that key is still running\n(IDEMPOTENCY_IN_PROGRESS).\n',
  content: {
    'application/json': {
      schema: ErrorEnvelopeSchema,
      example: {
        success: false,
        message: 'A client with code "nirvisham" already exists',
        code: 'CLIENT_EXISTS',
        requestId: '0d9c1b3e-6f1a-4c44-9f57-2f3c8a1f4b21',
      },
    },
  },
}

export const InternalErrorResponse = {
  description:
    'An unexpected failure (INTERNAL); the answer carries a request id to quote, never internals.',
  content: {
    'application/json': {
      schema: ErrorEnvelopeSchema,
      example: {
        success: false,
        message: 'Internal server error',
        code: 'INTERNAL',
        requestId: '0d9c1b3e-6f1a-4c44-9f57-2f3c8a1f4b21',
      },
    },
  },
}

export const NotFoundResponse = {
  description:
    "No such resource. Ids are opaque: an unknown id, a malformed one and another tenant's answer\nalike, with the code of what the path names (CLIENT_NOT_FOUND, LEAD_NOT_FOUND, NOTE_NOT_FOUND,\nPIPELINE_NOT_FOUND, STAGE_NOT_FOUND, RULE_NOT_FOUND, EVENT_LOG_NOT_FOUND, JOB_NOT_FOUND,\nCONVERSATION_NOT_FOUND, MESSAGE_NOT_FOUND, TEMPLATE_NOT_FOUND, BROADCAST_NOT_FOUND,\nCALLBACK_NOT_FOUND), or NOT_FOUND.\n",
  content: {
    'application/json': {
      schema: ErrorEnvelopeSchema,
      example: {
        success: false,
        message: 'Not found',
        code: 'NOT_FOUND',
        requestId: '0d9c1b3e-6f1a-4c44-9f57-2f3c8a1f4b21',
      },
    },
  },
}

export const PayloadTooLargeResponse = {
  description:
    'The body is larger than the server accepts (PAYLOAD_TOO_LARGE; `ECODRIX_BODY_LIMIT_BYTES`, 1 MiB by default); any operation that takes a body can answer it.',
  content: {
    'application/json': {
      schema: ErrorEnvelopeSchema,
      example: {
        success: false,
        message: 'Request body exceeds 1048576 bytes',
        code: 'PAYLOAD_TOO_LARGE',
        requestId: '0d9c1b3e-6f1a-4c44-9f57-2f3c8a1f4b21',
      },
    },
  },
}

export const ServiceUnavailableResponse = {
  description: 'A dependency (the database) is unreachable (DB_UNAVAILABLE).',
  content: {
    'application/json': {
      schema: ErrorEnvelopeSchema,
      example: {
        success: false,
        message: 'Database unreachable',
        code: 'DB_UNAVAILABLE',
        requestId: '0d9c1b3e-6f1a-4c44-9f57-2f3c8a1f4b21',
      },
    },
  },
}

export const UnauthorizedResponse = {
  description: 'Missing or invalid credentials (UNAUTHORIZED). Every failure answers alike.',
  content: {
    'application/json': {
      schema: ErrorEnvelopeSchema,
      example: {
        success: false,
        message: 'Invalid or missing credentials',
        code: 'UNAUTHORIZED',
        requestId: '0d9c1b3e-6f1a-4c44-9f57-2f3c8a1f4b21',
      },
    },
  },
}

export const UnprocessableEntityResponse = {
  description:
    'The request is well-formed but cannot be carried out: DATASOURCE_UNREACHABLE,\nGOOGLE_NOT_CONFIGURED, WHATSAPP_NOT_CONFIGURED, WHATSAPP_REJECTED, OUTSIDE_SERVICE_WINDOW,\nTEMPLATE_NOT_APPROVED, TEMPLATE_VARIABLE_EMPTY or BROADCAST_NO_RECIPIENTS, by operation; or, on a\nPOST sent with `Idempotency-Key`, the key was used for a different request (IDEMPOTENCY_MISMATCH).\n',
  content: {
    'application/json': {
      schema: ErrorEnvelopeSchema,
      example: {
        success: false,
        message: 'Could not connect to the datasource (connection refused)',
        code: 'DATASOURCE_UNREACHABLE',
        requestId: '0d9c1b3e-6f1a-4c44-9f57-2f3c8a1f4b21',
      },
    },
  },
}

export const UnsupportedMediaTypeResponse = {
  description:
    "The body's Content-Type is not one the operation declares, or a body came without one (UNSUPPORTED_MEDIA_TYPE).",
  content: {
    'application/json': {
      schema: ErrorEnvelopeSchema,
      example: {
        success: false,
        message: 'Unsupported Media Type',
        code: 'UNSUPPORTED_MEDIA_TYPE',
        requestId: '0d9c1b3e-6f1a-4c44-9f57-2f3c8a1f4b21',
      },
    },
  },
}

export const TooManyRequestsResponse = {
  description: 'Too many requests (RATE_LIMITED); retry after `Retry-After` seconds.',
  headers: z.object({
    'Retry-After': {
      description: 'Seconds until the limit resets.',
      schema: z.int().exactOptional().openapi({ description: 'Seconds until the limit resets.' }),
    },
    'RateLimit-Limit': { schema: z.int().exactOptional() },
    'RateLimit-Remaining': { schema: z.int().exactOptional() },
    'RateLimit-Reset': {
      description: 'Seconds until the current window ends.',
      schema: z
        .int()
        .exactOptional()
        .openapi({ description: 'Seconds until the current window ends.' }),
    },
  }),
  content: {
    'application/json': {
      schema: ErrorEnvelopeSchema,
      example: {
        success: false,
        message: 'At most 60 triggers per minute; retry in 12 s',
        code: 'RATE_LIMITED',
        requestId: '0d9c1b3e-6f1a-4c44-9f57-2f3c8a1f4b21',
      },
    },
  },
}

export const ClientCodePathParamsSchema = z
  .string()
  .openapi({
    param: {
      name: 'code',
      in: 'path',
      required: true,
      description: "The client's code. An unknown or malformed code answers 404 CLIENT_NOT_FOUND.",
      schema: { type: 'string', example: 'nirvisham' },
    },
    example: 'nirvisham',
  })

export const LimitParamsSchema = z.coerce
  .number()
  .pipe(z.int().min(1).max(100))
  .default(25)
  .exactOptional()
  .openapi({
    param: {
      name: 'limit',
      in: 'query',
      required: false,
      description: 'Items per page (at most 100).',
      schema: { type: 'integer', minimum: 1, maximum: 100, default: 25 },
    },
  })

export const PageParamsSchema = z.coerce
  .number()
  .pipe(z.int().min(1))
  .default(1)
  .exactOptional()
  .openapi({
    param: {
      name: 'page',
      in: 'query',
      required: false,
      description: '1-based page number.',
      schema: { type: 'integer', minimum: 1, default: 1 },
    },
  })

export const IdempotencyKeyParamsSchema = z
  .string()
  .min(1)
  .max(255)
  .exactOptional()
  .openapi({
    param: {
      name: 'Idempotency-Key',
      in: 'header',
      required: false,
      description:
        'Makes a retried POST safe. The first answer under a key (status, body and headers) is kept for 24 hours\n(`ECODRIX_IDEMPOTENCY_TTL_HOURS`) per tenant — admin routes have their own scope — and a retry of the\nsame request (method, path and body bytes) gets it back with `Idempotent-Replayed: true`, without\nanything running again. The same key with another request answers 422 IDEMPOTENCY_MISMATCH; a retry\nwhile the first is still running answers 409 IDEMPOTENCY_IN_PROGRESS. 4xx answers are kept like\nsuccesses (the same request fails the same way again); 5xx and 429 answers are not, so a retry with\nthe same key runs afresh. Replays and these two refusals do not count against a rate limit (and carry\nno `RateLimit-*` headers). Accepted on every POST; a key over 255 characters → 400.\n',
      schema: { type: 'string', minLength: 1, maxLength: 255 },
    },
  })

export const LeadStatusQueryParamsSchema = LeadStatusSchema.exactOptional().openapi({
  param: {
    name: 'status',
    in: 'query',
    required: false,
    schema: { $ref: '#/components/schemas/LeadStatus' },
  },
})

export const LeadPipelineIdQueryParamsSchema = z
  .string()
  .max(64)
  .exactOptional()
  .openapi({
    param: {
      name: 'pipelineId',
      in: 'query',
      required: false,
      description: 'Only leads of this pipeline (an unknown id matches none).',
      schema: { type: 'string', maxLength: 64 },
    },
  })

export const LeadStageIdQueryParamsSchema = z
  .string()
  .max(64)
  .exactOptional()
  .openapi({
    param: {
      name: 'stageId',
      in: 'query',
      required: false,
      description: 'Only leads in this stage (an unknown id matches none).',
      schema: { type: 'string', maxLength: 64 },
    },
  })

export const LeadSourceQueryParamsSchema = z
  .string()
  .max(100)
  .exactOptional()
  .openapi({
    param: {
      name: 'source',
      in: 'query',
      required: false,
      schema: { type: 'string', maxLength: 100 },
    },
  })

export const LeadAssignedToQueryParamsSchema = z
  .string()
  .max(100)
  .exactOptional()
  .openapi({
    param: {
      name: 'assignedTo',
      in: 'query',
      required: false,
      schema: { type: 'string', maxLength: 100 },
    },
  })

export const LeadTagsQueryParamsSchema = z
  .string()
  .max(500)
  .exactOptional()
  .openapi({
    param: {
      name: 'tags',
      in: 'query',
      required: false,
      description: 'Comma-separated; a lead must carry all of them.',
      schema: { type: 'string', maxLength: 500 },
      example: 'hot,vip',
    },
  })

export const LeadMinScoreQueryParamsSchema = z.coerce
  .number()
  .pipe(z.int().min(0).max(100))
  .exactOptional()
  .openapi({
    param: {
      name: 'minScore',
      in: 'query',
      required: false,
      schema: { type: 'integer', minimum: 0, maximum: 100 },
    },
  })

export const LeadSearchQueryParamsSchema = z
  .string()
  .min(1)
  .max(100)
  .exactOptional()
  .openapi({
    param: {
      name: 'search',
      in: 'query',
      required: false,
      schema: { type: 'string', minLength: 1, maxLength: 100 },
    },
  })

export const LeadAppointmentIdQueryParamsSchema = z
  .string()
  .max(200)
  .exactOptional()
  .openapi({
    param: {
      name: 'appointmentId',
      in: 'query',
      required: false,
      description: 'Matches `metadata.refs.appointmentId`.',
      schema: { type: 'string', maxLength: 200 },
    },
  })

export const LeadBookingIdQueryParamsSchema = z
  .string()
  .max(200)
  .exactOptional()
  .openapi({
    param: {
      name: 'bookingId',
      in: 'query',
      required: false,
      description: 'Matches `metadata.refs.bookingId`.',
      schema: { type: 'string', maxLength: 200 },
    },
  })

export const LeadOrderIdQueryParamsSchema = z
  .string()
  .max(200)
  .exactOptional()
  .openapi({
    param: {
      name: 'orderId',
      in: 'query',
      required: false,
      description: 'Matches `metadata.refs.orderId`.',
      schema: { type: 'string', maxLength: 200 },
    },
  })

export const LeadSortByQueryParamsSchema = z
  .enum(['score', 'createdAt', 'updatedAt', 'dealValue', 'lastContactedAt'])
  .default('createdAt')
  .exactOptional()
  .openapi({
    param: {
      name: 'sortBy',
      in: 'query',
      required: false,
      schema: {
        type: 'string',
        enum: ['score', 'createdAt', 'updatedAt', 'dealValue', 'lastContactedAt'],
        default: 'createdAt',
      },
    },
  })

export const LeadSortDirQueryParamsSchema = z
  .enum(['asc', 'desc'])
  .default('desc')
  .exactOptional()
  .openapi({
    param: {
      name: 'sortDir',
      in: 'query',
      required: false,
      schema: { type: 'string', enum: ['asc', 'desc'], default: 'desc' },
    },
  })

export const LeadIdPathParamsSchema = z
  .string()
  .openapi({
    param: {
      name: 'leadId',
      in: 'path',
      required: true,
      description:
        "The lead's id. Ids are opaque — an unknown, malformed or another tenant's id answers 404 LEAD_NOT_FOUND.",
      schema: { type: 'string', example: '5c1f2a8e-7d3b-4a61-b1e2-0f9a8c7d6e54' },
    },
    example: '5c1f2a8e-7d3b-4a61-b1e2-0f9a8c7d6e54',
  })

export const PipelineIdParamsSchema = z
  .string()
  .openapi({
    param: {
      name: 'pipelineId',
      in: 'path',
      required: true,
      description:
        "The pipeline's id. Ids are opaque — an unknown, malformed or another tenant's id answers 404 PIPELINE_NOT_FOUND.",
      schema: { type: 'string', example: '3f0c6a2e-8a4b-4f5e-9b1d-2c7e5a9d4b10' },
    },
    example: '3f0c6a2e-8a4b-4f5e-9b1d-2c7e5a9d4b10',
  })

export const StageIdParamsSchema = z
  .string()
  .openapi({
    param: {
      name: 'stageId',
      in: 'path',
      required: true,
      description:
        "The stage's id. Ids are opaque — an unknown, malformed or another tenant's id answers 404 STAGE_NOT_FOUND.",
      schema: { type: 'string', example: '9a7d1c42-5e3b-4d8f-a6c0-1b2e3f4a5d6c' },
    },
    example: '9a7d1c42-5e3b-4d8f-a6c0-1b2e3f4a5d6c',
  })

export const NoteIdPathParamsSchema = z
  .string()
  .openapi({
    param: {
      name: 'noteId',
      in: 'path',
      required: true,
      description:
        "The note's id. Ids are opaque — an unknown, malformed or another tenant's id answers 404 NOTE_NOT_FOUND.",
      schema: { type: 'string', example: '2e4b6d8f-1a3c-4e5f-9b7d-0c2e4f6a8b1d' },
    },
    example: '2e4b6d8f-1a3c-4e5f-9b7d-0c2e4f6a8b1d',
  })

export const AnalyticsRangeParamsSchema = z
  .enum(['7d', '30d', '90d', '365d'])
  .default('30d')
  .exactOptional()
  .openapi({
    param: {
      name: 'range',
      in: 'query',
      required: false,
      description:
        'How far back to look: leads (for the heatmap, activities) created within the last 7, 30, 90 or\n365 days.\n',
      schema: { type: 'string', enum: ['7d', '30d', '90d', '365d'], default: '30d' },
    },
  })

export const AnalyticsPipelineIdParamsSchema = z
  .string()
  .max(64)
  .exactOptional()
  .openapi({
    param: {
      name: 'pipelineId',
      in: 'query',
      required: false,
      description:
        "The pipeline to report on; the tenant's default pipeline when left out. An unknown, malformed or another tenant's id answers 404 PIPELINE_NOT_FOUND.",
      schema: { type: 'string', maxLength: 64 },
    },
  })

export const RuleIdPathParamsSchema = z
  .string()
  .openapi({
    param: {
      name: 'ruleId',
      in: 'path',
      required: true,
      description:
        "The automation rule's id. Ids are opaque — an unknown, malformed or another tenant's id answers 404 RULE_NOT_FOUND.",
      schema: { type: 'string', example: '7d2a9c4e-1b3f-4e8a-9c6d-5f0e2b7a1c38' },
    },
    example: '7d2a9c4e-1b3f-4e8a-9c6d-5f0e2b7a1c38',
  })

export const CallbackLogStatusQueryParamsSchema = z
  .enum(['delivered', 'failed', 'pending'])
  .exactOptional()
  .openapi({
    param: {
      name: 'status',
      in: 'query',
      required: false,
      description:
        '`delivered` or `failed`: attempts with that outcome. `pending`: attempts of deliveries still\nbeing retried.\n',
      schema: { type: 'string', enum: ['delivered', 'failed', 'pending'] },
    },
  })

export const StartDateQueryParamsSchema = z
  .union([
    z.iso
      .date()
      .exactOptional()
      .openapi({
        param: {
          name: 'startDate',
          in: 'query',
          required: false,
          description:
            'From this moment on: an ISO date (`2026-03-01`, from 00:00 UTC) or date-time.',
          schema: {
            anyOf: [
              { type: 'string', format: 'date' },
              { type: 'string', format: 'date-time' },
            ],
          },
          example: '2026-03-01',
        },
      }),
    z.iso
      .datetime()
      .exactOptional()
      .openapi({
        param: {
          name: 'startDate',
          in: 'query',
          required: false,
          description:
            'From this moment on: an ISO date (`2026-03-01`, from 00:00 UTC) or date-time.',
          schema: {
            anyOf: [
              { type: 'string', format: 'date' },
              { type: 'string', format: 'date-time' },
            ],
          },
          example: '2026-03-01',
        },
      }),
  ])
  .exactOptional()
  .openapi({
    param: {
      name: 'startDate',
      in: 'query',
      required: false,
      description: 'From this moment on: an ISO date (`2026-03-01`, from 00:00 UTC) or date-time.',
      schema: {
        anyOf: [
          { type: 'string', format: 'date' },
          { type: 'string', format: 'date-time' },
        ],
      },
      example: '2026-03-01',
    },
  })

export const EndDateQueryParamsSchema = z
  .union([
    z.iso
      .date()
      .exactOptional()
      .openapi({
        param: {
          name: 'endDate',
          in: 'query',
          required: false,
          description:
            'Up to this moment: an ISO date (`2026-03-31`, the whole day in UTC) or date-time. Before\n`startDate` → 400 `VALIDATION_ERROR`.\n',
          schema: {
            anyOf: [
              { type: 'string', format: 'date' },
              { type: 'string', format: 'date-time' },
            ],
          },
          example: '2026-03-31',
        },
      }),
    z.iso
      .datetime()
      .exactOptional()
      .openapi({
        param: {
          name: 'endDate',
          in: 'query',
          required: false,
          description:
            'Up to this moment: an ISO date (`2026-03-31`, the whole day in UTC) or date-time. Before\n`startDate` → 400 `VALIDATION_ERROR`.\n',
          schema: {
            anyOf: [
              { type: 'string', format: 'date' },
              { type: 'string', format: 'date-time' },
            ],
          },
          example: '2026-03-31',
        },
      }),
  ])
  .exactOptional()
  .openapi({
    param: {
      name: 'endDate',
      in: 'query',
      required: false,
      description:
        'Up to this moment: an ISO date (`2026-03-31`, the whole day in UTC) or date-time. Before\n`startDate` → 400 `VALIDATION_ERROR`.\n',
      schema: {
        anyOf: [
          { type: 'string', format: 'date' },
          { type: 'string', format: 'date-time' },
        ],
      },
      example: '2026-03-31',
    },
  })

export const DeliveryIdPathParamsSchema = z
  .string()
  .openapi({
    param: {
      name: 'deliveryId',
      in: 'path',
      required: true,
      description:
        "The callback delivery's id (`deliveryId` in the callback logs, the `webhook-id` its receiver saw). An unknown, malformed or another tenant's id answers 404 CALLBACK_NOT_FOUND.",
      schema: { type: 'string', example: '3d1f2c4b-9a8e-4f7d-8c6b-5a4e3d2c1b0a' },
    },
    example: '3d1f2c4b-9a8e-4f7d-8c6b-5a4e3d2c1b0a',
  })

export const EventTriggerQueryParamsSchema = z
  .string()
  .min(1)
  .max(64)
  .exactOptional()
  .openapi({
    param: {
      name: 'trigger',
      in: 'query',
      required: false,
      description: 'Only events of this trigger (exact name).',
      schema: { type: 'string', minLength: 1, maxLength: 64 },
      example: 'appointment_confirmed',
    },
  })

export const EventStatusQueryParamsSchema = EventLogStatusSchema.exactOptional().openapi({
  param: {
    name: 'status',
    in: 'query',
    required: false,
    description: 'Only events in this state.',
    schema: { $ref: '#/components/schemas/EventLogStatus' },
  },
})

export const EventPhoneQueryParamsSchema = z
  .string()
  .min(1)
  .max(40)
  .exactOptional()
  .openapi({
    param: {
      name: 'phone',
      in: 'query',
      required: false,
      description:
        "Only events for this phone number, read as a lead's is (`+91 98765-43210`, `919876543210`,\n`00919876543210` and, in a tenant whose `defaultCountry` is `IN`, `09876543210` are the same number).\nNot a phone number → 400.\n",
      schema: { type: 'string', minLength: 1, maxLength: 40 },
      example: '+919876543210',
    },
  })

export const EventLeadIdQueryParamsSchema = z
  .string()
  .max(64)
  .exactOptional()
  .openapi({
    param: {
      name: 'leadId',
      in: 'query',
      required: false,
      description: 'Only events that concern this lead (an unknown id matches none).',
      schema: { type: 'string', maxLength: 64 },
    },
  })

export const EventLogIdPathParamsSchema = z
  .string()
  .openapi({
    param: {
      name: 'logId',
      in: 'path',
      required: true,
      description:
        "The event log's id (`eventLogId` of the trigger's answer). Ids are opaque — an unknown, malformed or another tenant's id answers 404 EVENT_LOG_NOT_FOUND.",
      schema: { type: 'string', example: '3f6c2a9e-8b1d-4c7a-9e2f-1a5b7c9d0e4f' },
    },
    example: '3f6c2a9e-8b1d-4c7a-9e2f-1a5b7c9d0e4f',
  })

export const JobIdPathParamsSchema = z
  .string()
  .openapi({
    param: {
      name: 'jobId',
      in: 'path',
      required: true,
      description:
        "The background job's id, as returned by a trigger (`jobId`). Ids are opaque — an unknown, malformed or another tenant's id answers 404 JOB_NOT_FOUND.",
      schema: { type: 'string', example: '7f0e1d2c-3b4a-4958-8776-655443322110' },
    },
    example: '7f0e1d2c-3b4a-4958-8776-655443322110',
  })

export const ConversationStatusQueryParamsSchema = ConversationStatusSchema.exactOptional().openapi(
  {
    param: {
      name: 'status',
      in: 'query',
      required: false,
      schema: { $ref: '#/components/schemas/ConversationStatus' },
    },
  },
)

export const ConversationSearchQueryParamsSchema = z
  .string()
  .min(1)
  .max(100)
  .exactOptional()
  .openapi({
    param: {
      name: 'search',
      in: 'query',
      required: false,
      description:
        'Part of the phone or the name, case-insensitive (`98765`, `ravi`). A whole phone number in any\nform the CRM reads (`098765 43210` in a tenant whose `defaultCountry` is `IN`) also finds its\nconversation.\n',
      schema: { type: 'string', minLength: 1, maxLength: 100 },
      example: 'ravi',
    },
  })

export const ConversationUnreadQueryParamsSchema = z
  .stringbool()
  .exactOptional()
  .openapi({
    param: {
      name: 'unread',
      in: 'query',
      required: false,
      description: '`true`: only conversations with unread messages; `false`: only those without.',
      schema: { type: 'boolean' },
    },
  })

export const ConversationAssignedToQueryParamsSchema = z
  .string()
  .min(1)
  .max(100)
  .exactOptional()
  .openapi({
    param: {
      name: 'assignedTo',
      in: 'query',
      required: false,
      description: 'Only conversations assigned to this agent (as set with PATCH).',
      schema: { type: 'string', minLength: 1, maxLength: 100 },
    },
  })

export const ConversationTagQueryParamsSchema = z
  .string()
  .min(1)
  .max(50)
  .exactOptional()
  .openapi({
    param: {
      name: 'tag',
      in: 'query',
      required: false,
      description: 'Only conversations carrying this tag.',
      schema: { type: 'string', minLength: 1, maxLength: 50 },
      example: 'vip',
    },
  })

export const ConversationIdPathParamsSchema = z
  .string()
  .openapi({
    param: {
      name: 'conversationId',
      in: 'path',
      required: true,
      description:
        "The conversation's id. Ids are opaque — an unknown, malformed or another tenant's id answers 404 CONVERSATION_NOT_FOUND.",
      schema: { type: 'string', example: '3a7c9e1b-5d2f-4b8a-9c6e-1f0d2b4a6c8e' },
    },
    example: '3a7c9e1b-5d2f-4b8a-9c6e-1f0d2b4a6c8e',
  })

export const MessageBeforeQueryParamsSchema = z
  .string()
  .min(1)
  .max(100)
  .exactOptional()
  .openapi({
    param: {
      name: 'before',
      in: 'query',
      required: false,
      description:
        'A message id of this conversation: the page is the messages just before it (older). Without\n`before` or `after`, the page is the newest messages. An id that names no message of this\nconversation → 400 naming `query.before`.\n',
      schema: { type: 'string', minLength: 1, maxLength: 100 },
    },
  })

export const MessageAfterQueryParamsSchema = z
  .string()
  .min(1)
  .max(100)
  .exactOptional()
  .openapi({
    param: {
      name: 'after',
      in: 'query',
      required: false,
      description:
        'A message id of this conversation: the page is the messages just after it (newer), to catch up\nfrom the last one seen. With `before` too, the page lies between the two. An id that names no\nmessage of this conversation → 400 naming `query.after`.\n',
      schema: { type: 'string', minLength: 1, maxLength: 100 },
    },
  })

export const MessageDirectionQueryParamsSchema =
  WhatsappMessageDirectionSchema.exactOptional().openapi({
    param: {
      name: 'direction',
      in: 'query',
      required: false,
      schema: { $ref: '#/components/schemas/WhatsappMessageDirection' },
    },
  })

export const MessageStatusQueryParamsSchema = WhatsappMessageStatusSchema.exactOptional().openapi({
  param: {
    name: 'status',
    in: 'query',
    required: false,
    schema: { $ref: '#/components/schemas/WhatsappMessageStatus' },
  },
})

export const BroadcastStatusQueryParamsSchema = BroadcastStatusSchema.exactOptional().openapi({
  param: {
    name: 'status',
    in: 'query',
    required: false,
    description: 'Only broadcasts in this status.',
    schema: { $ref: '#/components/schemas/BroadcastStatus' },
  },
})

export const BroadcastIdPathParamsSchema = z
  .string()
  .openapi({
    param: {
      name: 'broadcastId',
      in: 'path',
      required: true,
      description:
        "The broadcast's id. Ids are opaque — an unknown, malformed or another tenant's id answers 404 BROADCAST_NOT_FOUND.",
      schema: { type: 'string', example: '5b1e8c2a-7d3f-4a9b-8c1d-2e4f6a8b0c1d' },
    },
    example: '5b1e8c2a-7d3f-4a9b-8c1d-2e4f6a8b0c1d',
  })

export const BroadcastRecipientStatusQueryParamsSchema =
  BroadcastRecipientStatusSchema.exactOptional().openapi({
    param: {
      name: 'status',
      in: 'query',
      required: false,
      description: 'Only recipients in this status.',
      schema: { $ref: '#/components/schemas/BroadcastRecipientStatus' },
    },
  })

export const MessageIdPathParamsSchema = z
  .string()
  .openapi({
    param: {
      name: 'messageId',
      in: 'path',
      required: true,
      description:
        "The message's id (ours, not Meta's wamid). Ids are opaque — an unknown, malformed or another tenant's id answers 404 MESSAGE_NOT_FOUND.",
      schema: { type: 'string', example: '7c1e9a2b-4d3f-4b6a-8e5d-2f1a0b9c8d7e' },
    },
    example: '7c1e9a2b-4d3f-4b6a-8e5d-2f1a0b9c8d7e',
  })

export const TemplateStatusQueryParamsSchema = z
  .enum(['approved', 'pending', 'rejected', 'paused', 'disabled', 'deleted'])
  .exactOptional()
  .openapi({
    param: {
      name: 'status',
      in: 'query',
      required: false,
      schema: {
        type: 'string',
        enum: ['approved', 'pending', 'rejected', 'paused', 'disabled', 'deleted'],
      },
    },
  })

export const TemplateMappingStatusQueryParamsSchema =
  WhatsappTemplateMappingStatusSchema.exactOptional().openapi({
    param: {
      name: 'mappingStatus',
      in: 'query',
      required: false,
      schema: { $ref: '#/components/schemas/WhatsappTemplateMappingStatus' },
    },
  })

export const TemplateChannelQueryParamsSchema = z
  .literal('whatsapp')
  .exactOptional()
  .openapi({
    param: {
      name: 'channel',
      in: 'query',
      required: false,
      description: 'The channel the templates are for; WhatsApp is the only one.',
      schema: { type: 'string', enum: ['whatsapp'] },
    },
  })

export const TemplateNamePathParamsSchema = z
  .string()
  .min(1)
  .max(512)
  .openapi({
    param: {
      name: 'templateName',
      in: 'path',
      required: true,
      description:
        "The template's name as Meta knows it (lower case letters, digits, underscores). Any other name, like an unknown one, answers 404 TEMPLATE_NOT_FOUND.",
      schema: { type: 'string', minLength: 1, maxLength: 512, example: 'appointment_confirmed' },
    },
    example: 'appointment_confirmed',
  })

export const TemplateLanguageQueryParamsSchema = z
  .string()
  .regex(/^[A-Za-z_]+$/)
  .min(2)
  .max(20)
  .exactOptional()
  .openapi({
    param: {
      name: 'language',
      in: 'query',
      required: false,
      description:
        "One language of the template (`en_US`); without it, the template's only language (400 when it has several).",
      schema: { type: 'string', minLength: 2, maxLength: 20, pattern: '^[A-Za-z_]+$' },
    },
  })

export const CollectionNamePathParamsSchema = z
  .string()
  .min(1)
  .max(512)
  .openapi({
    param: {
      name: 'name',
      in: 'path',
      required: true,
      description:
        'A collection of `GET /api/saas/chat/collections`; another name answers 404 NOT_FOUND.',
      schema: { type: 'string', minLength: 1, maxLength: 512, example: 'lead' },
    },
    example: 'lead',
  })

export const ApiKeySecurityScheme = {
  type: 'apiKey',
  in: 'header',
  name: 'x-api-key',
  description: "The tenant's API key (shown once at creation or rotation).",
}

export const ClientCodeSecurityScheme = {
  type: 'apiKey',
  in: 'header',
  name: 'x-client-code',
  description: "The tenant's client code; sent together with `x-api-key`.",
}

export const RealtimeTokenSecurityScheme = {
  type: 'apiKey',
  in: 'query',
  name: 'token',
  description:
    'A short-lived token from `POST /api/saas/realtime/token`, for `GET /api/saas/realtime` from a browser.',
}

export const AdminBearerSecurityScheme = {
  type: 'http',
  scheme: 'bearer',
  description: '`Authorization: Bearer <ECODRIX_ADMIN_KEY>` for platform administration.',
}

export const getRoute = createRoute({
  method: 'get',
  path: '/',
  tags: ['meta'],
  summary: 'Where to start',
  description:
    'A small page linking to the API reference (`/docs`) and this document (`/openapi.json`).',
  operationId: 'meta.index',
  responses: {
    200: { description: 'The start page.', content: { 'text/html': { schema: z.string() } } },
  },
  security: [],
})

export const getDocsRoute = createRoute({
  method: 'get',
  path: '/docs',
  tags: ['meta'],
  summary: 'The API reference',
  description:
    'An interactive reference of this document (Scalar), with "try it" calls against this server.\nIt works offline: its script is served by this server (`/docs/api-reference.js`), not a CDN.\n',
  operationId: 'meta.docs',
  responses: {
    200: { description: 'The reference page.', content: { 'text/html': { schema: z.string() } } },
  },
  security: [],
})

export const getDocsApiReferenceJsRoute = createRoute({
  method: 'get',
  path: '/docs/api-reference.js',
  tags: ['meta'],
  summary: "The API reference's script",
  description:
    "The Scalar API reference bundle the `/docs` page runs, from the server's own dependencies.",
  operationId: 'meta.docsScript',
  responses: {
    200: { description: 'The script.', content: { 'text/javascript': { schema: z.string() } } },
  },
  security: [],
})

export const getOpenapiJsonRoute = createRoute({
  method: 'get',
  path: '/openapi.json',
  tags: ['meta'],
  summary: 'This OpenAPI document',
  description: 'The bundled OpenAPI 3.1 contract the server is built from.',
  operationId: 'meta.openapi',
  responses: {
    200: {
      description: 'The OpenAPI document.',
      content: {
        'application/json': {
          schema: z
            .object({ openapi: z.string(), info: z.object({}), paths: z.object({}) })
            .openapi({ required: ['openapi', 'info', 'paths'] }),
        },
      },
    },
  },
  security: [],
})

export const getApiSaasHealthRoute = createRoute({
  method: 'get',
  path: '/api/saas/health',
  tags: ['monitoring'],
  summary: 'Server health',
  description: 'Public liveness and database check. Answers 503 when the database is unreachable.',
  operationId: 'health.get',
  responses: {
    200: {
      description: 'The server and its database are up.',
      content: {
        'application/json': {
          schema: SuccessEnvelopeSchema.and(
            z.object({ data: HealthSchema }).openapi({ required: ['data'] }),
          ),
          example: { success: true, data: { status: 'ok', uptime: 3600, db: 'connected' } },
        },
      },
    },
    503: ServiceUnavailableResponse,
  },
  security: [],
})

export const getApiSaasHealthClientRoute = createRoute({
  method: 'get',
  path: '/api/saas/health/client',
  tags: ['monitoring'],
  summary: 'Tenant health',
  description:
    "The calling tenant's integrations (WhatsApp, email, Google Meet), how many automation rules\nare enabled, and how many of its background jobs are queued or running.\n",
  operationId: 'health.client',
  responses: {
    200: {
      description: "The tenant's health.",
      content: {
        'application/json': {
          schema: SuccessEnvelopeSchema.and(
            z.object({ data: ClientHealthSchema }).openapi({ required: ['data'] }),
          ),
          example: {
            success: true,
            data: {
              clientCode: 'nirvisham',
              services: { whatsapp: 'connected', email: 'configured', googleMeet: 'configured' },
              activeAutomations: 5,
              queueDepth: 0,
            },
          },
        },
      },
    },
    401: UnauthorizedResponse,
  },
})

export const getApiSaasCorsRoute = createRoute({
  method: 'get',
  path: '/api/saas/cors',
  tags: ['cors'],
  summary: 'List allowed browser origins',
  operationId: 'cors.list',
  responses: {
    200: {
      description: 'The origins allowed to call the API from a browser for this tenant.',
      content: { 'application/json': { schema: CorsOriginsEnvelopeSchema } },
    },
    401: UnauthorizedResponse,
  },
})

export const postApiSaasCorsRoute = createRoute({
  method: 'post',
  path: '/api/saas/cors',
  tags: ['cors'],
  summary: 'Allow a browser origin',
  description:
    "Allows browser code served from `url`'s origin to call the API for this tenant.\nAdding an origin that is already allowed changes nothing and answers 200.\n",
  operationId: 'cors.add',
  request: {
    headers: z.object({ 'Idempotency-Key': IdempotencyKeyParamsSchema }),
    body: {
      content: {
        'application/json': {
          schema: CorsOriginRequestSchema,
          example: { url: 'https://client-domain.com' },
        },
      },
      required: true,
    },
  },
  responses: {
    200: {
      description: 'The origin was already allowed.',
      content: { 'application/json': { schema: CorsOriginsEnvelopeSchema } },
    },
    201: {
      description: 'The origin is now allowed.',
      content: {
        'application/json': {
          schema: CorsOriginsEnvelopeSchema,
          example: { success: true, data: { origins: ['https://client-domain.com'] } },
        },
      },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    409: ConflictResponse,
    413: PayloadTooLargeResponse,
    415: UnsupportedMediaTypeResponse,
    422: UnprocessableEntityResponse,
  },
})

export const deleteApiSaasCorsRoute = createRoute({
  method: 'delete',
  path: '/api/saas/cors',
  tags: ['cors'],
  summary: 'Stop allowing a browser origin',
  operationId: 'cors.remove',
  request: {
    body: { content: { 'application/json': { schema: CorsOriginRequestSchema } }, required: true },
  },
  responses: {
    200: {
      description: 'The origins still allowed.',
      content: { 'application/json': { schema: CorsOriginsEnvelopeSchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    404: NotFoundResponse,
    413: PayloadTooLargeResponse,
    415: UnsupportedMediaTypeResponse,
  },
})

export const getApiClientsRoute = createRoute({
  method: 'get',
  path: '/api/clients',
  tags: ['clients'],
  summary: 'List clients',
  operationId: 'clients.list',
  request: { query: z.object({ page: PageParamsSchema, limit: LimitParamsSchema }) },
  responses: {
    200: {
      description: 'A page of clients, oldest first.',
      content: {
        'application/json': {
          schema: SuccessEnvelopeSchema.and(PaginationSchema).and(
            z.object({ data: z.array(ClientSchema) }).openapi({ required: ['data'] }),
          ),
        },
      },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
  },
  security: [{ AdminBearer: [] }],
})

export const postApiClientsRoute = createRoute({
  method: 'post',
  path: '/api/clients',
  tags: ['clients'],
  summary: 'Create a client (tenant)',
  description:
    'Creates a tenant, its isolated schema and its first API key. Without `clientCode` one is\nderived from the name. `apiKey` and `webhookSecret` are shown only in this answer.\n',
  operationId: 'clients.create',
  request: {
    headers: z.object({ 'Idempotency-Key': IdempotencyKeyParamsSchema }),
    body: {
      content: {
        'application/json': {
          schema: CreateClientRequestSchema,
          example: { name: 'Nirvisham Clinics', clientCode: 'nirvisham' },
        },
      },
      required: true,
    },
  },
  responses: {
    201: {
      description: 'The client and its credentials.',
      content: {
        'application/json': {
          schema: SuccessEnvelopeSchema.and(
            z.object({ data: ClientCredentialsSchema }).openapi({ required: ['data'] }),
          ),
        },
      },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    409: ConflictResponse,
    413: PayloadTooLargeResponse,
    415: UnsupportedMediaTypeResponse,
    422: UnprocessableEntityResponse,
  },
  security: [{ AdminBearer: [] }],
})

export const getApiClientsCodeRoute = createRoute({
  method: 'get',
  path: '/api/clients/{code}',
  tags: ['clients'],
  summary: 'Get a client',
  description:
    'The client with which secrets are set (never their values), its datasource and CORS origins.',
  operationId: 'clients.get',
  request: { params: z.object({ code: ClientCodePathParamsSchema }) },
  responses: {
    200: {
      description: 'The client.',
      content: { 'application/json': { schema: ClientEnvelopeSchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    404: NotFoundResponse,
  },
  security: [{ AdminBearer: [] }],
})

export const patchApiClientsCodeRoute = createRoute({
  method: 'patch',
  path: '/api/clients/{code}',
  tags: ['clients'],
  summary: 'Update a client',
  description:
    'Renames the tenant or changes its `defaultCountry`, the country its phone numbers written\nwithout a country code are read in from now on (stored numbers are E.164 and stay as they are).\n',
  operationId: 'clients.update',
  request: {
    params: z.object({ code: ClientCodePathParamsSchema }),
    body: {
      content: { 'application/json': { schema: UpdateClientRequestSchema } },
      required: true,
    },
  },
  responses: {
    200: {
      description: 'The updated client.',
      content: { 'application/json': { schema: ClientEnvelopeSchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    404: NotFoundResponse,
    413: PayloadTooLargeResponse,
    415: UnsupportedMediaTypeResponse,
  },
  security: [{ AdminBearer: [] }],
})

export const postApiClientsCodeSecretsRoute = createRoute({
  method: 'post',
  path: '/api/clients/{code}/secrets',
  tags: ['clients'],
  summary: "Set a client's secrets",
  description:
    "Stores the given secrets encrypted (AES-256-GCM under the master key); `null` removes one.\nThe answer says which secrets are set, never their values.\n`whatsappPhoneNumberId` also routes Meta's shared webhook (`POST /api/webhooks/whatsapp`) to\nthis client: a number id another client already has is refused with 409 `CONFLICT`.\n",
  operationId: 'clients.setSecrets',
  request: {
    params: z.object({ code: ClientCodePathParamsSchema }),
    headers: z.object({ 'Idempotency-Key': IdempotencyKeyParamsSchema }),
    body: { content: { 'application/json': { schema: SecretsUpdateSchema } }, required: true },
  },
  responses: {
    200: {
      description: 'Which secrets are now set.',
      content: {
        'application/json': {
          schema: SuccessEnvelopeSchema.and(
            z
              .object({
                data: z
                  .object({ clientCode: ClientCodeSchema, secrets: SecretsStatusSchema })
                  .openapi({ required: ['clientCode', 'secrets'] }),
              })
              .openapi({ required: ['data'] }),
          ),
        },
      },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    404: NotFoundResponse,
    409: ConflictResponse,
    413: PayloadTooLargeResponse,
    415: UnsupportedMediaTypeResponse,
    422: UnprocessableEntityResponse,
  },
  security: [{ AdminBearer: [] }],
})

export const postApiClientsCodeDatasourceRoute = createRoute({
  method: 'post',
  path: '/api/clients/{code}/datasource',
  tags: ['clients'],
  summary: "Move a client's data to its own database",
  description:
    'Points the tenant at its own PostgreSQL database. ECODrIx connects, creates the tenant schema\nthere and runs its migrations before switching; the URI is stored encrypted. Existing data is\nnot copied: set the datasource before the tenant stores data.\n',
  operationId: 'clients.setDatasource',
  request: {
    params: z.object({ code: ClientCodePathParamsSchema }),
    headers: z.object({ 'Idempotency-Key': IdempotencyKeyParamsSchema }),
    body: { content: { 'application/json': { schema: DatasourceRequestSchema } }, required: true },
  },
  responses: {
    200: {
      description: 'The client, now on its own database.',
      content: { 'application/json': { schema: ClientEnvelopeSchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    404: NotFoundResponse,
    409: ConflictResponse,
    413: PayloadTooLargeResponse,
    415: UnsupportedMediaTypeResponse,
    422: UnprocessableEntityResponse,
  },
  security: [{ AdminBearer: [] }],
})

export const postApiClientsCodeApiKeysRotateRoute = createRoute({
  method: 'post',
  path: '/api/clients/{code}/api-keys/rotate',
  tags: ['clients'],
  summary: "Rotate a client's API key",
  description:
    'Issues a new API key (shown once) and retires the current ones, at once or after\n`gracePeriodSeconds`.\n',
  operationId: 'clients.rotateApiKey',
  request: {
    params: z.object({ code: ClientCodePathParamsSchema }),
    headers: z.object({ 'Idempotency-Key': IdempotencyKeyParamsSchema }),
    body: { content: { 'application/json': { schema: RotateApiKeyRequestSchema } } },
  },
  responses: {
    200: {
      description: 'The new key.',
      content: {
        'application/json': {
          schema: SuccessEnvelopeSchema.and(
            z.object({ data: RotatedApiKeySchema }).openapi({ required: ['data'] }),
          ),
        },
      },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    404: NotFoundResponse,
    409: ConflictResponse,
    413: PayloadTooLargeResponse,
    415: UnsupportedMediaTypeResponse,
    422: UnprocessableEntityResponse,
  },
  security: [{ AdminBearer: [] }],
})

export const postApiClientsCodeGoogleConnectLinkRoute = createRoute({
  method: 'post',
  path: '/api/clients/{code}/google/connect-link',
  tags: ['auth'],
  summary: "Issue a link that connects a client's Google Calendar (for Meet links)",
  description:
    "Onboarding step 4 starts here. The answer's `url` is opened in a browser by the operator, who\nsigns in with the Google account whose calendar will hold the client's meetings\n(`GET /api/auth/google/connect`). The link carries a one-time token (256 random bits, kept\nonly as a hash): it works once, for 10 minutes, for this client only. Issue a new one to\nreconnect or when it expired; a new consent replaces the stored token.\n",
  operationId: 'auth.createGoogleConnectLink',
  request: {
    params: z.object({ code: ClientCodePathParamsSchema }),
    headers: z.object({ 'Idempotency-Key': IdempotencyKeyParamsSchema }),
  },
  responses: {
    200: {
      description: 'The link to open.',
      content: {
        'application/json': {
          schema: SuccessEnvelopeSchema.and(
            z.object({ data: GoogleConnectLinkSchema }).openapi({ required: ['data'] }),
          ),
        },
      },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    404: NotFoundResponse,
    409: ConflictResponse,
    413: PayloadTooLargeResponse,
    422: {
      description:
        'The server has no Google OAuth client (GOOGLE_NOT_CONFIGURED; set GOOGLE_CLIENT_ID and\nGOOGLE_CLIENT_SECRET), or the `Idempotency-Key` was used for a different request\n(IDEMPOTENCY_MISMATCH).\n',
      content: { 'application/json': { schema: ErrorEnvelopeSchema } },
    },
  },
  security: [{ AdminBearer: [] }],
})

export const getApiCrmLeadsRoute = createRoute({
  method: 'get',
  path: '/api/crm/leads',
  tags: ['leads'],
  summary: 'List leads',
  description:
    'Filters, sorts and paginates leads. Archived leads are left out unless `status=archived`.\n`search` matches name, email, phone and deal title.\n',
  operationId: 'leads.list',
  request: {
    query: z.object({
      status: LeadStatusQueryParamsSchema,
      pipelineId: LeadPipelineIdQueryParamsSchema,
      stageId: LeadStageIdQueryParamsSchema,
      source: LeadSourceQueryParamsSchema,
      assignedTo: LeadAssignedToQueryParamsSchema,
      tags: LeadTagsQueryParamsSchema,
      minScore: LeadMinScoreQueryParamsSchema,
      search: LeadSearchQueryParamsSchema,
      appointmentId: LeadAppointmentIdQueryParamsSchema,
      bookingId: LeadBookingIdQueryParamsSchema,
      orderId: LeadOrderIdQueryParamsSchema,
      page: PageParamsSchema,
      limit: LimitParamsSchema,
      sortBy: LeadSortByQueryParamsSchema,
      sortDir: LeadSortDirQueryParamsSchema,
    }),
  },
  responses: {
    200: {
      description: 'A page of leads.',
      content: {
        'application/json': {
          schema: SuccessEnvelopeSchema.and(PaginationSchema).and(
            z.object({ data: z.array(LeadSchema) }).openapi({ required: ['data'] }),
          ),
        },
      },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
  },
})

export const postApiCrmLeadsRoute = createRoute({
  method: 'post',
  path: '/api/crm/leads',
  tags: ['leads'],
  summary: 'Create a lead',
  description:
    'Creates a lead in the default pipeline\'s first stage unless `pipelineId`/`stageId` say\notherwise. A tenant without pipelines gets the default "sales" pipeline (7 stages) first.\nAt most one open lead per phone: a second one answers 409 `LEAD_EXISTS`. A `pipelineId` or\n`stageId` that names no pipeline or stage of this tenant answers 404.\n',
  operationId: 'leads.create',
  request: {
    headers: z.object({ 'Idempotency-Key': IdempotencyKeyParamsSchema }),
    body: {
      content: {
        'application/json': {
          schema: CreateLeadRequestSchema,
          examples: {
            minimal: { value: { firstName: 'Suresh', phone: '+919876543210' } },
            full: {
              value: {
                firstName: 'Suresh',
                lastName: 'Rao',
                phone: '+919876543210',
                email: 'suresh@example.com',
                source: 'website',
                dealValue: 120000,
                dealTitle: 'OPD Automation Package',
                metadata: {
                  refs: { appointmentId: '6789aaa', bookingId: '6789bbb' },
                  extra: { appointmentDate: '2026-03-01', plan: 'Premium' },
                },
              },
            },
          },
        },
      },
      required: true,
    },
  },
  responses: {
    201: {
      description: 'The new lead.',
      content: { 'application/json': { schema: LeadEnvelopeSchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    404: NotFoundResponse,
    409: ConflictResponse,
    413: PayloadTooLargeResponse,
    415: UnsupportedMediaTypeResponse,
    422: UnprocessableEntityResponse,
  },
})

export const getApiCrmFieldsRoute = createRoute({
  method: 'get',
  path: '/api/crm/fields',
  tags: ['leads'],
  summary: 'List mappable lead fields',
  description:
    "The lead's core fields, and the keys found in leads' `metadata.refs` and `metadata.extra`.",
  operationId: 'leads.fields',
  responses: {
    200: {
      description: 'The fields.',
      content: {
        'application/json': {
          schema: SuccessEnvelopeSchema.and(
            z
              .object({
                data: z
                  .object({
                    core: z.array(
                      z
                        .object({
                          key: z.string(),
                          type: z.enum(['string', 'number', 'date', 'array']),
                        })
                        .openapi({ required: ['key', 'type'] }),
                    ),
                    refs: z.array(z.string()),
                    extra: z.array(z.string()),
                  })
                  .openapi({ required: ['core', 'refs', 'extra'] }),
              })
              .openapi({ required: ['data'] }),
          ),
          example: {
            success: true,
            data: {
              core: [{ key: 'firstName', type: 'string' }],
              refs: ['appointmentId', 'bookingId'],
              extra: ['plan'],
            },
          },
        },
      },
    },
    401: UnauthorizedResponse,
  },
})

export const getApiCrmLeadsExportRoute = createRoute({
  method: 'get',
  path: '/api/crm/leads/export',
  tags: ['leads'],
  summary: 'Export leads as CSV',
  description:
    'Streams every lead matching the filters (the same as for listing) as CSV with a header row, in the chosen order.',
  operationId: 'leads.export',
  request: {
    query: z.object({
      status: LeadStatusQueryParamsSchema,
      pipelineId: LeadPipelineIdQueryParamsSchema,
      stageId: LeadStageIdQueryParamsSchema,
      source: LeadSourceQueryParamsSchema,
      assignedTo: LeadAssignedToQueryParamsSchema,
      tags: LeadTagsQueryParamsSchema,
      minScore: LeadMinScoreQueryParamsSchema,
      search: LeadSearchQueryParamsSchema,
      appointmentId: LeadAppointmentIdQueryParamsSchema,
      bookingId: LeadBookingIdQueryParamsSchema,
      orderId: LeadOrderIdQueryParamsSchema,
      sortBy: LeadSortByQueryParamsSchema,
      sortDir: LeadSortDirQueryParamsSchema,
    }),
  },
  responses: {
    200: {
      description: 'CSV, one lead a row.',
      content: {
        'text/csv': {
          schema: z.string(),
          example:
            'id,firstName,lastName,phone,email,source,status,pipelineId,stageId,assignedTo,tags,score,dealValue,dealTitle,createdAt\n',
        },
      },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
  },
})

export const postApiCrmLeadsImportRoute = createRoute({
  method: 'post',
  path: '/api/crm/leads/import',
  tags: ['leads'],
  summary: 'Import leads (upsert by phone)',
  description:
    'Upserts up to 1000 leads by phone in one transaction: an open lead with the same (normalised)\nphone is updated with the fields given, otherwise a lead is created in the default pipeline.\nSend JSON `{ "leads": [...] }` or `text/csv` with a header row of the same field names.\nRows that are invalid are skipped and listed in `errors`; more than 1000 rows, or CSV that\ncannot be parsed, is refused whole (400, nothing written).\n',
  operationId: 'leads.import',
  request: {
    headers: z.object({ 'Idempotency-Key': IdempotencyKeyParamsSchema }),
    body: {
      content: {
        'application/json': {
          schema: z
            .strictObject({
              leads: z
                .array(z.looseObject({}))
                .min(1)
                .max(1000)
                .openapi({
                  description: 'Rows shaped like ImportLeadRow; each is validated on its own.',
                }),
            })
            .openapi({ required: ['leads'] }),
          example: {
            leads: [
              { firstName: 'A', phone: '919876543210', source: 'website' },
              { firstName: 'B', phone: '919999999999' },
            ],
          },
        },
        'text/csv': {
          schema: z.string(),
          example:
            'firstName,phone,source,tags\nA,919876543210,website,hot;vip\nB,919999999999,,\n',
        },
      },
    },
  },
  responses: {
    200: {
      description: 'What was created, updated and skipped.',
      content: {
        'application/json': {
          schema: SuccessEnvelopeSchema.and(
            z.object({ data: ImportLeadsResultSchema }).openapi({ required: ['data'] }),
          ),
        },
      },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    409: ConflictResponse,
    413: PayloadTooLargeResponse,
    415: UnsupportedMediaTypeResponse,
    422: UnprocessableEntityResponse,
  },
})

export const getApiCrmLeadsByRefRoute = createRoute({
  method: 'get',
  path: '/api/crm/leads/by-ref',
  tags: ['leads'],
  summary: 'Find a lead by an external reference',
  description: 'The most recently created lead whose `metadata.refs[field]` equals `value`.',
  operationId: 'leads.getByRef',
  request: {
    query: z.object({
      field: z
        .string()
        .regex(/^[A-Za-z][A-Za-z0-9_]{0,63}$/)
        .openapi({
          param: {
            name: 'field',
            in: 'query',
            required: true,
            schema: { type: 'string', pattern: '^[A-Za-z][A-Za-z0-9_]{0,63}$' },
            example: 'appointmentId',
          },
        }),
      value: z
        .string()
        .min(1)
        .max(200)
        .openapi({
          param: {
            name: 'value',
            in: 'query',
            required: true,
            schema: { type: 'string', minLength: 1, maxLength: 200 },
            example: '6abc',
          },
        }),
    }),
  },
  responses: {
    200: {
      description: 'The lead.',
      content: { 'application/json': { schema: LeadEnvelopeSchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    404: NotFoundResponse,
  },
})

export const getApiCrmLeadsLeadIdRoute = createRoute({
  method: 'get',
  path: '/api/crm/leads/{leadId}',
  tags: ['leads'],
  summary: 'Get a lead',
  description: 'One lead with its pipeline and stage.',
  operationId: 'leads.get',
  request: { params: z.object({ leadId: LeadIdPathParamsSchema }) },
  responses: {
    200: {
      description: 'The lead.',
      content: { 'application/json': { schema: LeadEnvelopeSchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    404: NotFoundResponse,
  },
})

export const patchApiCrmLeadsLeadIdRoute = createRoute({
  method: 'patch',
  path: '/api/crm/leads/{leadId}',
  tags: ['leads'],
  summary: "Update a lead's fields",
  description:
    'Changes core fields (name, phone, email, deal, assignment); each changed field is recorded on the timeline.',
  operationId: 'leads.update',
  request: {
    params: z.object({ leadId: LeadIdPathParamsSchema }),
    body: { content: { 'application/json': { schema: UpdateLeadRequestSchema } }, required: true },
  },
  responses: {
    200: {
      description: 'The lead after the change.',
      content: { 'application/json': { schema: LeadEnvelopeSchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    404: NotFoundResponse,
    409: ConflictResponse,
    413: PayloadTooLargeResponse,
    415: UnsupportedMediaTypeResponse,
  },
})

export const patchApiCrmLeadsLeadIdTagsRoute = createRoute({
  method: 'patch',
  path: '/api/crm/leads/{leadId}/tags',
  tags: ['leads'],
  summary: 'Add or remove tags atomically',
  description:
    "Adds and removes tags in one change; concurrent edits never lose each other's tags. Each tag added or removed is recorded on the timeline and as a tag_added / tag_removed event.",
  operationId: 'leads.editTags',
  request: {
    params: z.object({ leadId: LeadIdPathParamsSchema }),
    body: { content: { 'application/json': { schema: LeadTagsRequestSchema } }, required: true },
  },
  responses: {
    200: {
      description: 'The lead after the change.',
      content: { 'application/json': { schema: LeadEnvelopeSchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    404: NotFoundResponse,
    413: PayloadTooLargeResponse,
    415: UnsupportedMediaTypeResponse,
  },
})

export const patchApiCrmLeadsLeadIdMoveRoute = createRoute({
  method: 'patch',
  path: '/api/crm/leads/{leadId}/move',
  tags: ['leads'],
  summary: 'Move a lead to another stage',
  description:
    'Moves the lead to a stage of its pipeline (a stage of another pipeline is refused with 400), recording the move and stage_exit / stage_enter events.',
  operationId: 'leads.move',
  request: {
    params: z.object({ leadId: LeadIdPathParamsSchema }),
    body: { content: { 'application/json': { schema: MoveLeadRequestSchema } }, required: true },
  },
  responses: {
    200: {
      description: 'The lead after the change.',
      content: { 'application/json': { schema: LeadEnvelopeSchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    404: NotFoundResponse,
    413: PayloadTooLargeResponse,
    415: UnsupportedMediaTypeResponse,
  },
})

export const patchApiCrmLeadsLeadIdArchiveRoute = createRoute({
  method: 'patch',
  path: '/api/crm/leads/{leadId}/archive',
  tags: ['leads'],
  summary: 'Archive a lead',
  description:
    'Soft-archives the lead: it leaves every listing (unless status=archived is asked for) and frees its phone for a new open lead.',
  operationId: 'leads.archive',
  request: { params: z.object({ leadId: LeadIdPathParamsSchema }) },
  responses: {
    200: {
      description: 'The lead after the change.',
      content: { 'application/json': { schema: LeadEnvelopeSchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    404: NotFoundResponse,
    413: PayloadTooLargeResponse,
  },
})

export const patchApiCrmLeadsLeadIdMetadataRoute = createRoute({
  method: 'patch',
  path: '/api/crm/leads/{leadId}/metadata',
  tags: ['leads'],
  summary: "Merge a lead's references and extra data",
  description:
    "Merges refs and extra into the lead's metadata without touching core fields (a key set to null is removed).",
  operationId: 'leads.updateMetadata',
  request: {
    params: z.object({ leadId: LeadIdPathParamsSchema }),
    body: { content: { 'application/json': { schema: LeadMetadataUpdateSchema } }, required: true },
  },
  responses: {
    200: {
      description: 'The lead after the change.',
      content: { 'application/json': { schema: LeadEnvelopeSchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    404: NotFoundResponse,
    413: PayloadTooLargeResponse,
    415: UnsupportedMediaTypeResponse,
  },
})

export const patchApiCrmLeadsLeadIdConvertRoute = createRoute({
  method: 'patch',
  path: '/api/crm/leads/{leadId}/convert',
  tags: ['leads'],
  summary: 'Mark a lead won or lost',
  description:
    "Sets status won or lost with a reason and closedAt, and moves the lead to its pipeline's won or lost stage when it has one.",
  operationId: 'leads.convert',
  request: {
    params: z.object({ leadId: LeadIdPathParamsSchema }),
    body: { content: { 'application/json': { schema: ConvertLeadRequestSchema } }, required: true },
  },
  responses: {
    200: {
      description: 'The lead after the change.',
      content: { 'application/json': { schema: LeadEnvelopeSchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    404: NotFoundResponse,
    413: PayloadTooLargeResponse,
    415: UnsupportedMediaTypeResponse,
  },
})

export const getApiCrmPipelinesPipelineIdStagesStageIdLeadsRoute = createRoute({
  method: 'get',
  path: '/api/crm/pipelines/{pipelineId}/stages/{stageId}/leads',
  tags: ['leads'],
  summary: 'List the leads of a stage',
  description:
    "One Kanban column — the stage's open leads (or another status), paginated and sorted like the lead list.",
  operationId: 'leads.listInStage',
  request: {
    params: z.object({ pipelineId: PipelineIdParamsSchema, stageId: StageIdParamsSchema }),
    query: z.object({
      status: LeadStatusQueryParamsSchema,
      page: PageParamsSchema,
      limit: LimitParamsSchema,
      sortBy: LeadSortByQueryParamsSchema,
      sortDir: LeadSortDirQueryParamsSchema,
    }),
  },
  responses: {
    200: {
      description: "A page of the stage's leads.",
      content: {
        'application/json': {
          schema: SuccessEnvelopeSchema.and(PaginationSchema).and(
            z.object({ data: z.array(LeadSchema) }).openapi({ required: ['data'] }),
          ),
        },
      },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    404: NotFoundResponse,
  },
})

export const getApiCrmLeadsLeadIdTimelineRoute = createRoute({
  method: 'get',
  path: '/api/crm/leads/{leadId}/timeline',
  tags: ['activities'],
  summary: "Get a lead's timeline",
  description:
    'Activities and notes merged, newest first (ties broken by id), paginated across both kinds; each item says its `kind`.',
  operationId: 'timeline.get',
  request: {
    params: z.object({ leadId: LeadIdPathParamsSchema }),
    query: z.object({ page: PageParamsSchema, limit: LimitParamsSchema }),
  },
  responses: {
    200: {
      description: 'A page of the timeline.',
      content: {
        'application/json': {
          schema: SuccessEnvelopeSchema.and(PaginationSchema).and(
            z.object({ data: z.array(TimelineItemSchema) }).openapi({ required: ['data'] }),
          ),
        },
      },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    404: NotFoundResponse,
  },
})

export const getApiCrmLeadsLeadIdActivitiesRoute = createRoute({
  method: 'get',
  path: '/api/crm/leads/{leadId}/activities',
  tags: ['activities'],
  summary: "List a lead's activities",
  description: "The lead's activities (manual and system ones), newest first.",
  operationId: 'activities.list',
  request: {
    params: z.object({ leadId: LeadIdPathParamsSchema }),
    query: z.object({
      type: z
        .string()
        .min(1)
        .max(50)
        .exactOptional()
        .openapi({
          param: {
            name: 'type',
            in: 'query',
            description:
              'Only activities of this type (a manual type or a system one such as `stage_moved`).',
            schema: { type: 'string', minLength: 1, maxLength: 50 },
            example: 'meeting',
          },
        }),
      page: PageParamsSchema,
      limit: LimitParamsSchema,
    }),
  },
  responses: {
    200: {
      description: 'A page of activities.',
      content: {
        'application/json': {
          schema: SuccessEnvelopeSchema.and(PaginationSchema).and(
            z.object({ data: z.array(ActivitySchema) }).openapi({ required: ['data'] }),
          ),
        },
      },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    404: NotFoundResponse,
  },
})

export const postApiCrmLeadsLeadIdActivitiesRoute = createRoute({
  method: 'post',
  path: '/api/crm/leads/{leadId}/activities',
  tags: ['activities'],
  summary: 'Log a manual activity',
  description:
    "Records a meeting, email, call, WhatsApp message, task or custom activity and sets the lead's `lastContactedAt` to now, in one transaction.",
  operationId: 'activities.create',
  request: {
    params: z.object({ leadId: LeadIdPathParamsSchema }),
    headers: z.object({ 'Idempotency-Key': IdempotencyKeyParamsSchema }),
    body: {
      content: { 'application/json': { schema: CreateActivityRequestSchema } },
      required: true,
    },
  },
  responses: {
    201: {
      description: 'The new activity.',
      content: { 'application/json': { schema: ActivityEnvelopeSchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    404: NotFoundResponse,
    409: ConflictResponse,
    413: PayloadTooLargeResponse,
    415: UnsupportedMediaTypeResponse,
    422: UnprocessableEntityResponse,
  },
})

export const postApiCrmLeadsLeadIdCallsRoute = createRoute({
  method: 'post',
  path: '/api/crm/leads/{leadId}/calls',
  tags: ['activities'],
  summary: 'Log a phone call',
  description:
    "Shortcut for a `call` activity titled `Call (<n> min)` whose body is the summary and whose data is `{durationMinutes, outcome}`; sets the lead's `lastContactedAt` to now.",
  operationId: 'activities.logCall',
  request: {
    params: z.object({ leadId: LeadIdPathParamsSchema }),
    headers: z.object({ 'Idempotency-Key': IdempotencyKeyParamsSchema }),
    body: { content: { 'application/json': { schema: LogCallRequestSchema } }, required: true },
  },
  responses: {
    201: {
      description: 'The call activity.',
      content: { 'application/json': { schema: ActivityEnvelopeSchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    404: NotFoundResponse,
    409: ConflictResponse,
    413: PayloadTooLargeResponse,
    415: UnsupportedMediaTypeResponse,
    422: UnprocessableEntityResponse,
  },
})

export const getApiCrmLeadsLeadIdNotesRoute = createRoute({
  method: 'get',
  path: '/api/crm/leads/{leadId}/notes',
  tags: ['activities'],
  summary: "List a lead's notes",
  description: 'Every note of the lead (not paginated), pinned notes first, then newest first.',
  operationId: 'notes.list',
  request: { params: z.object({ leadId: LeadIdPathParamsSchema }) },
  responses: {
    200: {
      description: "The lead's notes.",
      content: {
        'application/json': {
          schema: SuccessEnvelopeSchema.and(
            z.object({ data: z.array(NoteSchema) }).openapi({ required: ['data'] }),
          ),
        },
      },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    404: NotFoundResponse,
  },
})

export const postApiCrmLeadsLeadIdNotesRoute = createRoute({
  method: 'post',
  path: '/api/crm/leads/{leadId}/notes',
  tags: ['activities'],
  summary: 'Add a note to a lead',
  description:
    "Also writes a `note_added` activity (data `{noteId}`) to the lead's timeline, in the same transaction.",
  operationId: 'notes.create',
  request: {
    params: z.object({ leadId: LeadIdPathParamsSchema }),
    headers: z.object({ 'Idempotency-Key': IdempotencyKeyParamsSchema }),
    body: { content: { 'application/json': { schema: CreateNoteRequestSchema } }, required: true },
  },
  responses: {
    201: {
      description: 'The new note (not pinned).',
      content: { 'application/json': { schema: NoteEnvelopeSchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    404: NotFoundResponse,
    409: ConflictResponse,
    413: PayloadTooLargeResponse,
    415: UnsupportedMediaTypeResponse,
    422: UnprocessableEntityResponse,
  },
})

export const deleteApiCrmNotesNoteIdRoute = createRoute({
  method: 'delete',
  path: '/api/crm/notes/{noteId}',
  tags: ['activities'],
  summary: 'Delete a note',
  description:
    "Also writes a `note_deleted` activity (data `{noteId}`) to the lead's timeline, in the same transaction.",
  operationId: 'notes.delete',
  request: { params: z.object({ noteId: NoteIdPathParamsSchema }) },
  responses: {
    200: {
      description: 'The note is gone.',
      content: {
        'application/json': {
          schema: SuccessEnvelopeSchema.and(
            z
              .object({
                data: z
                  .object({ id: z.string(), deleted: z.literal(true) })
                  .openapi({ required: ['id', 'deleted'] }),
              })
              .openapi({ required: ['data'] }),
          ),
        },
      },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    404: NotFoundResponse,
    413: PayloadTooLargeResponse,
  },
})

export const patchApiCrmNotesNoteIdRoute = createRoute({
  method: 'patch',
  path: '/api/crm/notes/{noteId}',
  tags: ['activities'],
  summary: "Edit a note's content",
  description:
    "Also writes a `note_edited` activity (data `{noteId}`) to the lead's timeline, in the same transaction.",
  operationId: 'notes.update',
  request: {
    params: z.object({ noteId: NoteIdPathParamsSchema }),
    body: { content: { 'application/json': { schema: UpdateNoteRequestSchema } }, required: true },
  },
  responses: {
    200: {
      description: 'The note after the change.',
      content: { 'application/json': { schema: NoteEnvelopeSchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    404: NotFoundResponse,
    413: PayloadTooLargeResponse,
    415: UnsupportedMediaTypeResponse,
  },
})

export const patchApiCrmNotesNoteIdPinRoute = createRoute({
  method: 'patch',
  path: '/api/crm/notes/{noteId}/pin',
  tags: ['activities'],
  summary: 'Pin or unpin a note',
  description:
    "Flips the note's `isPinned` (atomically, so two toggles always cancel out). No body.",
  operationId: 'notes.togglePin',
  request: { params: z.object({ noteId: NoteIdPathParamsSchema }) },
  responses: {
    200: {
      description: 'The note after the change.',
      content: { 'application/json': { schema: NoteEnvelopeSchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    404: NotFoundResponse,
    413: PayloadTooLargeResponse,
  },
})

export const getApiCrmAnalyticsOverviewRoute = createRoute({
  method: 'get',
  path: '/api/crm/analytics/overview',
  tags: ['analytics'],
  summary: 'CRM KPIs',
  description:
    'Lead counts, pipeline and won value, conversion rate and average score for the range.',
  operationId: 'analytics.overview',
  request: { query: z.object({ range: AnalyticsRangeParamsSchema }) },
  responses: {
    200: {
      description: 'The report.',
      content: {
        'application/json': {
          schema: SuccessEnvelopeSchema.and(
            z.object({ data: AnalyticsOverviewSchema }).openapi({ required: ['data'] }),
          ),
        },
      },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
  },
})

export const getApiCrmAnalyticsFunnelRoute = createRoute({
  method: 'get',
  path: '/api/crm/analytics/funnel',
  tags: ['analytics'],
  summary: 'Stage funnel',
  description: 'Leads that reached each stage of a pipeline, with conversion between stages.',
  operationId: 'analytics.funnel',
  request: {
    query: z.object({
      range: AnalyticsRangeParamsSchema,
      pipelineId: AnalyticsPipelineIdParamsSchema,
    }),
  },
  responses: {
    200: {
      description: 'The report.',
      content: {
        'application/json': {
          schema: SuccessEnvelopeSchema.and(
            z.object({ data: AnalyticsFunnelSchema }).openapi({ required: ['data'] }),
          ),
        },
      },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    404: NotFoundResponse,
  },
})

export const getApiCrmAnalyticsForecastRoute = createRoute({
  method: 'get',
  path: '/api/crm/analytics/forecast',
  tags: ['analytics'],
  summary: 'Revenue forecast',
  description:
    'The pipeline forecast (open deal value times stage probability, as `GET /api/crm/pipelines/{pipelineId}/forecast`) over the open leads created in the range; zeros when the tenant has no pipeline.',
  operationId: 'analytics.forecast',
  request: {
    query: z.object({
      range: AnalyticsRangeParamsSchema,
      pipelineId: AnalyticsPipelineIdParamsSchema,
    }),
  },
  responses: {
    200: {
      description: 'The report.',
      content: {
        'application/json': {
          schema: SuccessEnvelopeSchema.and(
            z.object({ data: PipelineForecastSchema }).openapi({ required: ['data'] }),
          ),
        },
      },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    404: NotFoundResponse,
  },
})

export const getApiCrmAnalyticsSourcesRoute = createRoute({
  method: 'get',
  path: '/api/crm/analytics/sources',
  tags: ['analytics'],
  summary: 'Lead sources',
  description: 'Leads per source with their conversion rate and deal value.',
  operationId: 'analytics.sources',
  request: { query: z.object({ range: AnalyticsRangeParamsSchema }) },
  responses: {
    200: {
      description: 'The report.',
      content: {
        'application/json': {
          schema: SuccessEnvelopeSchema.and(
            z.object({ data: AnalyticsSourcesSchema }).openapi({ required: ['data'] }),
          ),
        },
      },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
  },
})

export const getApiCrmAnalyticsTeamRoute = createRoute({
  method: 'get',
  path: '/api/crm/analytics/team',
  tags: ['analytics'],
  summary: 'Team leaderboard',
  description: 'Leads, won deals, revenue and activity count per assignee.',
  operationId: 'analytics.team',
  request: { query: z.object({ range: AnalyticsRangeParamsSchema }) },
  responses: {
    200: {
      description: 'The report.',
      content: {
        'application/json': {
          schema: SuccessEnvelopeSchema.and(
            z.object({ data: AnalyticsTeamSchema }).openapi({ required: ['data'] }),
          ),
        },
      },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
  },
})

export const getApiCrmAnalyticsHeatmapRoute = createRoute({
  method: 'get',
  path: '/api/crm/analytics/heatmap',
  tags: ['analytics'],
  summary: 'Daily activity heatmap',
  description: 'Activities per day over the range, for a calendar view.',
  operationId: 'analytics.heatmap',
  request: { query: z.object({ range: AnalyticsRangeParamsSchema }) },
  responses: {
    200: {
      description: 'The report.',
      content: {
        'application/json': {
          schema: SuccessEnvelopeSchema.and(
            z.object({ data: AnalyticsHeatmapSchema }).openapi({ required: ['data'] }),
          ),
        },
      },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
  },
})

export const getApiCrmAnalyticsScoresRoute = createRoute({
  method: 'get',
  path: '/api/crm/analytics/scores',
  tags: ['analytics'],
  summary: 'Score distribution',
  description: 'Leads per score bucket (0-20-40-60-80-100).',
  operationId: 'analytics.scores',
  request: { query: z.object({ range: AnalyticsRangeParamsSchema }) },
  responses: {
    200: {
      description: 'The report.',
      content: {
        'application/json': {
          schema: SuccessEnvelopeSchema.and(
            z.object({ data: AnalyticsScoresSchema }).openapi({ required: ['data'] }),
          ),
        },
      },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
  },
})

export const getApiCrmAnalyticsStageTimeRoute = createRoute({
  method: 'get',
  path: '/api/crm/analytics/stage-time',
  tags: ['analytics'],
  summary: 'Time per stage',
  description: 'Average hours leads spend in each stage of a pipeline (bottleneck detector).',
  operationId: 'analytics.stageTime',
  request: {
    query: z.object({
      range: AnalyticsRangeParamsSchema,
      pipelineId: AnalyticsPipelineIdParamsSchema,
    }),
  },
  responses: {
    200: {
      description: 'The report.',
      content: {
        'application/json': {
          schema: SuccessEnvelopeSchema.and(
            z.object({ data: AnalyticsStageTimeSchema }).openapi({ required: ['data'] }),
          ),
        },
      },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    404: NotFoundResponse,
  },
})

export const getApiCrmScoringRoute = createRoute({
  method: 'get',
  path: '/api/crm/scoring',
  tags: ['scoring'],
  summary: 'Get the scoring configuration',
  description: 'Rules and hot/cold thresholds (defaults 70 and 20, no rules, until changed).',
  operationId: 'scoring.get',
  responses: {
    200: {
      description: 'The configuration.',
      content: { 'application/json': { schema: ScoringConfigEnvelopeSchema } },
    },
    401: UnauthorizedResponse,
  },
})

export const patchApiCrmScoringRoute = createRoute({
  method: 'patch',
  path: '/api/crm/scoring',
  tags: ['scoring'],
  summary: 'Update scoring rules and thresholds',
  description:
    "A lead's score is the sum of its matching rules' points, clamped to 0..100. Scores are recalculated whenever a lead changes, or on demand.",
  operationId: 'scoring.update',
  request: {
    body: {
      content: { 'application/json': { schema: UpdateScoringRequestSchema } },
      required: true,
    },
  },
  responses: {
    200: {
      description: 'The configuration now.',
      content: { 'application/json': { schema: ScoringConfigEnvelopeSchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    413: PayloadTooLargeResponse,
    415: UnsupportedMediaTypeResponse,
  },
})

export const postApiCrmScoringLeadIdRecalculateRoute = createRoute({
  method: 'post',
  path: '/api/crm/scoring/{leadId}/recalculate',
  tags: ['scoring'],
  summary: "Recalculate one lead's score now",
  description:
    'Applies the current rules to the lead; crossing the hot or cold threshold records a score_above / score_below event.',
  operationId: 'scoring.recalculate',
  request: {
    params: z.object({ leadId: LeadIdPathParamsSchema }),
    headers: z.object({ 'Idempotency-Key': IdempotencyKeyParamsSchema }),
  },
  responses: {
    200: {
      description: 'The new score and the rules that matched.',
      content: {
        'application/json': {
          schema: SuccessEnvelopeSchema.and(
            z
              .object({
                data: z
                  .object({
                    leadId: z.string(),
                    score: z.int(),
                    previousScore: z.int(),
                    matchedRules: z.array(ScoringRuleSchema),
                  })
                  .openapi({ required: ['leadId', 'score', 'previousScore', 'matchedRules'] }),
              })
              .openapi({ required: ['data'] }),
          ),
        },
      },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    404: NotFoundResponse,
    409: ConflictResponse,
    413: PayloadTooLargeResponse,
    422: UnprocessableEntityResponse,
  },
})

export const getApiCrmPipelinesRoute = createRoute({
  method: 'get',
  path: '/api/crm/pipelines',
  tags: ['pipelines'],
  summary: 'List pipelines',
  description:
    "The tenant's pipelines that are not archived, default first, each with its stages in order.",
  operationId: 'pipelines.list',
  responses: {
    200: {
      description: 'The active pipelines.',
      content: {
        'application/json': {
          schema: SuccessEnvelopeSchema.and(
            z.object({ data: z.array(PipelineSchema) }).openapi({ required: ['data'] }),
          ),
        },
      },
    },
    401: UnauthorizedResponse,
  },
})

export const postApiCrmPipelinesRoute = createRoute({
  method: 'post',
  path: '/api/crm/pipelines',
  tags: ['pipelines'],
  summary: 'Create a pipeline',
  description:
    'Creates a pipeline from a built-in template (`sales`, `support`, `recruitment`, `marketing`,\n`appointment`, `product_purchase`) or from custom stages.\n',
  operationId: 'pipelines.create',
  request: {
    headers: z.object({ 'Idempotency-Key': IdempotencyKeyParamsSchema }),
    body: {
      content: {
        'application/json': {
          schema: CreatePipelineRequestSchema,
          examples: {
            template: {
              summary: 'From a template',
              value: { name: 'Patient Journey', isDefault: true, template: 'appointment' },
            },
            custom: {
              summary: 'With custom stages',
              value: {
                name: 'Custom Pipeline',
                stages: [
                  { name: 'Inquiry', color: '#6366f1', probability: 10 },
                  { name: 'Consulted', color: '#10b981', probability: 60, isWon: true },
                ],
              },
            },
          },
        },
      },
      required: true,
    },
  },
  responses: {
    201: {
      description: 'The pipeline with its stages.',
      content: { 'application/json': { schema: PipelineEnvelopeSchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    409: ConflictResponse,
    413: PayloadTooLargeResponse,
    415: UnsupportedMediaTypeResponse,
    422: UnprocessableEntityResponse,
  },
})

export const getApiCrmPipelinesPipelineIdRoute = createRoute({
  method: 'get',
  path: '/api/crm/pipelines/{pipelineId}',
  tags: ['pipelines'],
  summary: 'Get a pipeline',
  description: 'One pipeline (archived ones too) with its stages in order.',
  operationId: 'pipelines.get',
  request: { params: z.object({ pipelineId: PipelineIdParamsSchema }) },
  responses: {
    200: {
      description: 'The pipeline.',
      content: { 'application/json': { schema: PipelineEnvelopeSchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    404: NotFoundResponse,
  },
})

export const deleteApiCrmPipelinesPipelineIdRoute = createRoute({
  method: 'delete',
  path: '/api/crm/pipelines/{pipelineId}',
  tags: ['pipelines'],
  summary: 'Archive a pipeline',
  description:
    'Soft-archives the pipeline: it leaves the list, its stages and leads are kept. The default\npipeline cannot be archived (409 `DEFAULT_PIPELINE`); make another one the default first.\nArchiving an archived pipeline changes nothing.\n',
  operationId: 'pipelines.archive',
  request: { params: z.object({ pipelineId: PipelineIdParamsSchema }) },
  responses: {
    200: {
      description: 'The archived pipeline.',
      content: { 'application/json': { schema: PipelineEnvelopeSchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    404: NotFoundResponse,
    409: ConflictResponse,
    413: PayloadTooLargeResponse,
  },
})

export const patchApiCrmPipelinesPipelineIdRoute = createRoute({
  method: 'patch',
  path: '/api/crm/pipelines/{pipelineId}',
  tags: ['pipelines'],
  summary: 'Rename or describe a pipeline',
  operationId: 'pipelines.update',
  request: {
    params: z.object({ pipelineId: PipelineIdParamsSchema }),
    body: {
      content: { 'application/json': { schema: UpdatePipelineRequestSchema } },
      required: true,
    },
  },
  responses: {
    200: {
      description: 'The updated pipeline.',
      content: { 'application/json': { schema: PipelineEnvelopeSchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    404: NotFoundResponse,
    413: PayloadTooLargeResponse,
    415: UnsupportedMediaTypeResponse,
  },
})

export const patchApiCrmPipelinesPipelineIdDefaultRoute = createRoute({
  method: 'patch',
  path: '/api/crm/pipelines/{pipelineId}/default',
  tags: ['pipelines'],
  summary: 'Make a pipeline the default',
  description:
    "Makes this pipeline the tenant's default and the previous default an ordinary one, in one\ntransaction: there is always exactly one default. An archived pipeline cannot become the\ndefault (409 `CONFLICT`).\n",
  operationId: 'pipelines.setDefault',
  request: { params: z.object({ pipelineId: PipelineIdParamsSchema }) },
  responses: {
    200: {
      description: 'The new default pipeline.',
      content: { 'application/json': { schema: PipelineEnvelopeSchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    404: NotFoundResponse,
    409: ConflictResponse,
    413: PayloadTooLargeResponse,
  },
})

export const postApiCrmPipelinesPipelineIdDuplicateRoute = createRoute({
  method: 'post',
  path: '/api/crm/pipelines/{pipelineId}/duplicate',
  tags: ['pipelines'],
  summary: 'Duplicate a pipeline',
  description:
    'A new pipeline with copies of every stage, in the same order. Leads are not copied; the copy is not the default.',
  operationId: 'pipelines.duplicate',
  request: {
    params: z.object({ pipelineId: PipelineIdParamsSchema }),
    headers: z.object({ 'Idempotency-Key': IdempotencyKeyParamsSchema }),
    body: {
      content: {
        'application/json': {
          schema: DuplicatePipelineRequestSchema,
          example: { name: 'Copy of Patient Journey' },
        },
      },
    },
  },
  responses: {
    201: {
      description: 'The copy.',
      content: { 'application/json': { schema: PipelineEnvelopeSchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    404: NotFoundResponse,
    409: ConflictResponse,
    413: PayloadTooLargeResponse,
    415: UnsupportedMediaTypeResponse,
    422: UnprocessableEntityResponse,
  },
})

export const postApiCrmPipelinesPipelineIdStagesRoute = createRoute({
  method: 'post',
  path: '/api/crm/pipelines/{pipelineId}/stages',
  tags: ['pipelines'],
  summary: 'Add a stage',
  description: "Adds a stage after the pipeline's last one.",
  operationId: 'pipelines.addStage',
  request: {
    params: z.object({ pipelineId: PipelineIdParamsSchema }),
    headers: z.object({ 'Idempotency-Key': IdempotencyKeyParamsSchema }),
    body: {
      content: {
        'application/json': {
          schema: StageInputSchema,
          example: { name: 'Under Review', color: '#f59e0b', probability: 40 },
        },
      },
      required: true,
    },
  },
  responses: {
    201: {
      description: 'The new stage.',
      content: { 'application/json': { schema: StageEnvelopeSchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    404: NotFoundResponse,
    409: ConflictResponse,
    413: PayloadTooLargeResponse,
    415: UnsupportedMediaTypeResponse,
    422: UnprocessableEntityResponse,
  },
})

export const patchApiCrmPipelinesPipelineIdStagesReorderRoute = createRoute({
  method: 'patch',
  path: '/api/crm/pipelines/{pipelineId}/stages/reorder',
  tags: ['pipelines'],
  summary: 'Reorder stages',
  description:
    "Saves the board's column order after a drag-and-drop. The payload names every stage of the\npipeline once; a stage of another pipeline, a missing or repeated stage, or a repeated\n`newOrder` answers 400 and changes nothing.\n",
  operationId: 'pipelines.reorderStages',
  request: {
    params: z.object({ pipelineId: PipelineIdParamsSchema }),
    body: {
      content: {
        'application/json': {
          schema: ReorderStagesRequestSchema,
          example: {
            order: [
              { stageId: 'abc', newOrder: 0 },
              { stageId: 'def', newOrder: 1 },
            ],
          },
        },
      },
      required: true,
    },
  },
  responses: {
    200: {
      description: 'The pipeline with its stages in the new order.',
      content: { 'application/json': { schema: PipelineEnvelopeSchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    404: NotFoundResponse,
    413: PayloadTooLargeResponse,
    415: UnsupportedMediaTypeResponse,
  },
})

export const deleteApiCrmStagesStageIdRoute = createRoute({
  method: 'delete',
  path: '/api/crm/stages/{stageId}',
  tags: ['pipelines'],
  summary: 'Delete a stage',
  description:
    "Deletes a stage. A stage that holds leads (of any status) needs `moveLeadsToStageId`, another\nstage of the same pipeline: the leads move there and the stage goes, in one transaction.\nWithout it such a stage answers 409 `STAGE_HAS_LEADS`. A pipeline's last stage cannot be deleted\n(409 `CONFLICT`).\n",
  operationId: 'pipelines.deleteStage',
  request: {
    params: z.object({ stageId: StageIdParamsSchema }),
    body: {
      content: {
        'application/json': {
          schema: DeleteStageRequestSchema,
          example: { moveLeadsToStageId: '0b8e2d53-6f4c-4e9a-b7d1-2c3f4a5b6e7d' },
        },
      },
    },
  },
  responses: {
    200: {
      description: "The pipeline's remaining stages, in order, and how many leads moved.",
      content: {
        'application/json': {
          schema: SuccessEnvelopeSchema.and(
            z
              .object({
                data: z
                  .object({
                    deletedStageId: z.string(),
                    movedLeads: z.int().min(0),
                    stages: z.array(StageSchema),
                  })
                  .openapi({ required: ['deletedStageId', 'movedLeads', 'stages'] }),
              })
              .openapi({ required: ['data'] }),
          ),
        },
      },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    404: NotFoundResponse,
    409: ConflictResponse,
    413: PayloadTooLargeResponse,
    415: UnsupportedMediaTypeResponse,
  },
})

export const patchApiCrmStagesStageIdRoute = createRoute({
  method: 'patch',
  path: '/api/crm/stages/{stageId}',
  tags: ['pipelines'],
  summary: 'Update a stage',
  description: "Changes a stage's name, colour, probability or won/lost flag.",
  operationId: 'pipelines.updateStage',
  request: {
    params: z.object({ stageId: StageIdParamsSchema }),
    body: { content: { 'application/json': { schema: StageUpdateSchema } }, required: true },
  },
  responses: {
    200: {
      description: 'The updated stage.',
      content: { 'application/json': { schema: StageEnvelopeSchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    404: NotFoundResponse,
    413: PayloadTooLargeResponse,
    415: UnsupportedMediaTypeResponse,
  },
})

export const getApiCrmPipelinesPipelineIdBoardRoute = createRoute({
  method: 'get',
  path: '/api/crm/pipelines/{pipelineId}/board',
  tags: ['pipelines'],
  summary: 'Kanban board summary',
  description:
    "Each stage, in order, with its open leads' count and total deal value (one aggregate query).",
  operationId: 'pipelines.board',
  request: { params: z.object({ pipelineId: PipelineIdParamsSchema }) },
  responses: {
    200: {
      description: 'The board.',
      content: {
        'application/json': {
          schema: SuccessEnvelopeSchema.and(
            z.object({ data: PipelineBoardSchema }).openapi({ required: ['data'] }),
          ),
        },
      },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    404: NotFoundResponse,
  },
})

export const getApiCrmPipelinesPipelineIdForecastRoute = createRoute({
  method: 'get',
  path: '/api/crm/pipelines/{pipelineId}/forecast',
  tags: ['pipelines'],
  summary: 'Revenue forecast',
  description:
    "Per stage, the open leads' deal value and that value times the stage's probability.",
  operationId: 'pipelines.forecast',
  request: { params: z.object({ pipelineId: PipelineIdParamsSchema }) },
  responses: {
    200: {
      description: 'The forecast.',
      content: {
        'application/json': {
          schema: SuccessEnvelopeSchema.and(
            z.object({ data: PipelineForecastSchema }).openapi({ required: ['data'] }),
          ),
        },
      },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    404: NotFoundResponse,
  },
})

export const postApiSaasWorkflowsTriggerRoute = createRoute({
  method: 'post',
  path: '/api/saas/workflows/trigger',
  tags: ['workflows'],
  summary: 'Fire a workflow trigger',
  description:
    "The core entry point. Writes an event log, finds (or with `createLeadIfMissing` creates) the lead by\nphone or email, creates a Meet link when `requiresMeet`, matches the tenant's active rules for the\ntrigger and runs their actions (each after its own `delayMinutes`), then POSTs the signed outcome to\n`callbackUrl`. `delayMinutes > 0` puts the whole run off (`scheduled: true`).\nRate limit: 60 requests per minute per tenant (`RateLimit-*` headers on every answer).\n",
  operationId: 'workflows.trigger',
  request: {
    headers: z.object({ 'Idempotency-Key': IdempotencyKeyParamsSchema }),
    body: { content: { 'application/json': { schema: TriggerRequestSchema } }, required: true },
  },
  responses: {
    200: {
      description: 'The event was accepted; its actions run (or are scheduled) in the background.',
      content: { 'application/json': { schema: TriggerResultEnvelopeSchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    409: ConflictResponse,
    413: PayloadTooLargeResponse,
    415: UnsupportedMediaTypeResponse,
    422: UnprocessableEntityResponse,
    429: TooManyRequestsResponse,
  },
})

export const getApiCrmAutomationsRoute = createRoute({
  method: 'get',
  path: '/api/crm/automations',
  tags: ['automations'],
  summary: 'List automation rules',
  description: 'Every rule of the tenant, newest first.',
  operationId: 'automations.list',
  responses: {
    200: {
      description: 'The rules.',
      content: { 'application/json': { schema: AutomationRuleListEnvelopeSchema } },
    },
    401: UnauthorizedResponse,
  },
})

export const postApiCrmAutomationsRoute = createRoute({
  method: 'post',
  path: '/api/crm/automations',
  tags: ['automations'],
  summary: 'Create an automation rule',
  description:
    'A rule runs its actions when its trigger fires for a lead that passes its condition.',
  operationId: 'automations.create',
  request: {
    headers: z.object({ 'Idempotency-Key': IdempotencyKeyParamsSchema }),
    body: {
      content: { 'application/json': { schema: AutomationRuleInputSchema } },
      required: true,
    },
  },
  responses: {
    201: {
      description: 'The rule.',
      content: { 'application/json': { schema: AutomationRuleEnvelopeSchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    409: ConflictResponse,
    413: PayloadTooLargeResponse,
    415: UnsupportedMediaTypeResponse,
    422: UnprocessableEntityResponse,
  },
})

export const postApiCrmAutomationsEventsRoute = createRoute({
  method: 'post',
  path: '/api/crm/automations/events',
  tags: ['automations'],
  summary: 'Fire an automation event (deprecated)',
  description:
    'Deprecated: use `POST /api/saas/workflows/trigger`, which this route now runs (same payload and\nanswer, same rate limit). Answers carry `Deprecation: true` and a `Link` to the successor.\n',
  operationId: 'automations.fireEventDeprecated',
  request: {
    headers: z.object({ 'Idempotency-Key': IdempotencyKeyParamsSchema }),
    body: { content: { 'application/json': { schema: TriggerRequestSchema } }, required: true },
  },
  responses: {
    200: {
      description: 'The event was accepted.',
      headers: z.object({ Deprecation: { schema: z.string().exactOptional() } }),
      content: { 'application/json': { schema: TriggerResultEnvelopeSchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    409: ConflictResponse,
    413: PayloadTooLargeResponse,
    415: UnsupportedMediaTypeResponse,
    422: UnprocessableEntityResponse,
    429: TooManyRequestsResponse,
  },
  deprecated: true,
})

export const getApiCrmAutomationsRuleIdRoute = createRoute({
  method: 'get',
  path: '/api/crm/automations/{ruleId}',
  tags: ['automations'],
  summary: 'Get an automation rule',
  operationId: 'automations.get',
  request: { params: z.object({ ruleId: RuleIdPathParamsSchema }) },
  responses: {
    200: {
      description: 'The rule.',
      content: { 'application/json': { schema: AutomationRuleEnvelopeSchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    404: NotFoundResponse,
  },
})

export const deleteApiCrmAutomationsRuleIdRoute = createRoute({
  method: 'delete',
  path: '/api/crm/automations/{ruleId}',
  tags: ['automations'],
  summary: 'Delete an automation rule',
  description:
    'Deletes the rule permanently. Actions already scheduled by it still run; its event history keeps its name.',
  operationId: 'automations.delete',
  request: { params: z.object({ ruleId: RuleIdPathParamsSchema }) },
  responses: {
    200: {
      description: 'The rule is gone.',
      content: {
        'application/json': {
          schema: SuccessEnvelopeSchema.and(
            z
              .object({
                data: z
                  .strictObject({ id: z.string(), deleted: z.literal(true) })
                  .openapi({ required: ['id', 'deleted'] }),
              })
              .openapi({ required: ['data'] }),
          ),
        },
      },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    404: NotFoundResponse,
    413: PayloadTooLargeResponse,
  },
})

export const patchApiCrmAutomationsRuleIdRoute = createRoute({
  method: 'patch',
  path: '/api/crm/automations/{ruleId}',
  tags: ['automations'],
  summary: 'Update an automation rule',
  description:
    'Any fields of the rule; `actions` replaces the whole list, `condition: null` removes the condition.\nThe rule after the change must still hold together: changing `trigger` alone while the rule keeps\n`triggerConfig` keys of the old trigger answers 400 VALIDATION_ERROR naming `body.trigger` (send a\n`triggerConfig` that fits the new trigger with it).\n',
  operationId: 'automations.update',
  request: {
    params: z.object({ ruleId: RuleIdPathParamsSchema }),
    body: {
      content: { 'application/json': { schema: AutomationRuleUpdateSchema } },
      required: true,
    },
  },
  responses: {
    200: {
      description: 'The rule after the change.',
      content: { 'application/json': { schema: AutomationRuleEnvelopeSchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    404: NotFoundResponse,
    413: PayloadTooLargeResponse,
    415: UnsupportedMediaTypeResponse,
  },
})

export const patchApiCrmAutomationsRuleIdToggleRoute = createRoute({
  method: 'patch',
  path: '/api/crm/automations/{ruleId}/toggle',
  tags: ['automations'],
  summary: 'Enable or disable an automation rule',
  description: 'Flips `isActive`, or sets it when the body gives `{ "isActive": … }`.',
  operationId: 'automations.toggle',
  request: {
    params: z.object({ ruleId: RuleIdPathParamsSchema }),
    body: {
      content: {
        'application/json': { schema: z.strictObject({ isActive: z.boolean().exactOptional() }) },
      },
    },
  },
  responses: {
    200: {
      description: 'The rule after the change.',
      content: { 'application/json': { schema: AutomationRuleEnvelopeSchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    404: NotFoundResponse,
    413: PayloadTooLargeResponse,
    415: UnsupportedMediaTypeResponse,
  },
})

export const postApiCrmAutomationsRuleIdTestRoute = createRoute({
  method: 'post',
  path: '/api/crm/automations/{ruleId}/test',
  tags: ['automations'],
  summary: 'Dry-run an automation rule against a lead',
  description:
    'Which conditions pass and which actions would run with their resolved values. Nothing is executed or written.',
  operationId: 'automations.test',
  request: {
    params: z.object({ ruleId: RuleIdPathParamsSchema }),
    headers: z.object({ 'Idempotency-Key': IdempotencyKeyParamsSchema }),
    body: {
      content: { 'application/json': { schema: AutomationTestRequestSchema } },
      required: true,
    },
  },
  responses: {
    200: {
      description: 'What the rule would do.',
      content: { 'application/json': { schema: AutomationTestResultEnvelopeSchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    404: NotFoundResponse,
    409: ConflictResponse,
    413: PayloadTooLargeResponse,
    415: UnsupportedMediaTypeResponse,
    422: UnprocessableEntityResponse,
  },
})

export const getApiSaasCallbacksLogsRoute = createRoute({
  method: 'get',
  path: '/api/saas/callbacks/logs',
  tags: ['events'],
  summary: 'Callback delivery attempts',
  description:
    "Every attempt to POST a trigger's outcome to its `callbackUrl`, newest first: the receiver's\nstatus code, how long it took, and why it failed. A delivery is retried on a fixed schedule\n(5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h) until the receiver answers 2xx, then marked failed.\n\nEach callback is signed with the tenant's webhook secret twice: `x-ecodrix-signature:\nsha256=<hex HMAC-SHA256 of the body>`, and Standard Webhooks (`webhook-id` = `deliveryId`,\n`webhook-timestamp`, `webhook-signature: v1,<base64 HMAC-SHA256 of \"id.timestamp.body\">`): see\nthe `workflow.completed` webhook for the keys and headers.\n",
  operationId: 'callbacks.logs',
  request: {
    query: z.object({
      status: CallbackLogStatusQueryParamsSchema,
      startDate: StartDateQueryParamsSchema,
      endDate: EndDateQueryParamsSchema,
      page: PageParamsSchema,
      limit: LimitParamsSchema,
    }),
  },
  responses: {
    200: {
      description: 'A page of attempts.',
      content: {
        'application/json': {
          schema: SuccessEnvelopeSchema.and(PaginationSchema).and(
            z.object({ data: z.array(CallbackAttemptSchema) }).openapi({ required: ['data'] }),
          ),
        },
      },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
  },
})

export const postApiSaasCallbacksDeliveryIdResendRoute = createRoute({
  method: 'post',
  path: '/api/saas/callbacks/{deliveryId}/resend',
  tags: ['events'],
  summary: 'Resend a callback',
  description:
    'Queues the delivery again with the body it was first sent with (frozen at enqueue time) and the\nsame `webhook-id`, freshly signed, as its next attempt, due now. Should that attempt fail, the\ndelivery goes on with the retry schedule from where it stood, and fails once it is used up.\nA delivery still pending (an attempt is running or a retry is scheduled) answers 409 CONFLICT.\n',
  operationId: 'callbacks.resend',
  request: { params: z.object({ deliveryId: DeliveryIdPathParamsSchema }) },
  responses: {
    202: {
      description: 'The attempt is queued.',
      content: { 'application/json': { schema: CallbackResendEnvelopeSchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    404: NotFoundResponse,
    409: ConflictResponse,
    413: PayloadTooLargeResponse,
  },
})

export const getApiSaasEventsLogsRoute = createRoute({
  method: 'get',
  path: '/api/saas/events/logs',
  tags: ['events'],
  summary: 'List event logs',
  description:
    "The tenant's automation events, newest first: every trigger received from the API, the CRM or the\ndeprecated events route, with its status and outcome. Open one for its actions and callback.\n",
  operationId: 'events.listLogs',
  request: {
    query: z.object({
      trigger: EventTriggerQueryParamsSchema,
      status: EventStatusQueryParamsSchema,
      phone: EventPhoneQueryParamsSchema,
      leadId: EventLeadIdQueryParamsSchema,
      startDate: StartDateQueryParamsSchema,
      endDate: EndDateQueryParamsSchema,
      page: PageParamsSchema,
      limit: LimitParamsSchema,
    }),
  },
  responses: {
    200: {
      description: 'A page of event logs.',
      content: {
        'application/json': {
          schema: SuccessEnvelopeSchema.and(PaginationSchema).and(
            z.object({ data: z.array(EventLogSchema) }).openapi({ required: ['data'] }),
          ),
        },
      },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
  },
})

export const getApiSaasEventsLogsLogIdRoute = createRoute({
  method: 'get',
  path: '/api/saas/events/logs/{logId}',
  tags: ['events'],
  summary: 'Get an event log with its actions and callback',
  description:
    "One event: what the trigger carried, each action's outcome (ok, failed or skipped with the reason,\nits job and attempts) and the callback delivery with every attempt.\n",
  operationId: 'events.getLog',
  request: { params: z.object({ logId: EventLogIdPathParamsSchema }) },
  responses: {
    200: {
      description: 'The event log.',
      content: { 'application/json': { schema: EventLogDetailEnvelopeSchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    404: NotFoundResponse,
  },
})

export const getApiSaasEventsStatsRoute = createRoute({
  method: 'get',
  path: '/api/saas/events/stats',
  tags: ['events'],
  summary: 'Event statistics',
  description: 'Events per trigger (with the success rate) and per status, for dashboards.',
  operationId: 'events.stats',
  request: {
    query: z.object({ startDate: StartDateQueryParamsSchema, endDate: EndDateQueryParamsSchema }),
  },
  responses: {
    200: {
      description: 'The counts.',
      content: { 'application/json': { schema: EventStatsEnvelopeSchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
  },
})

export const getApiSaasJobsStatusJobIdRoute = createRoute({
  method: 'get',
  path: '/api/saas/jobs/status/{jobId}',
  tags: ['events'],
  summary: 'Background job status',
  description:
    "Where one of the tenant's background jobs is: queued → processing → completed or failed, with how\noften it ran and its last error. Job ids come from `POST /api/saas/workflows/trigger` (`jobId`)\nand from event logs. A finished job is kept for `ECODRIX_JOB_RETENTION_DAYS` (30 by default),\nthen answers 404 like an unknown one; its event log stays.\n",
  operationId: 'jobs.status',
  request: { params: z.object({ jobId: JobIdPathParamsSchema }) },
  responses: {
    200: {
      description: "The job's status.",
      content: { 'application/json': { schema: JobStatusEnvelopeSchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    404: NotFoundResponse,
  },
})

export const postApiSaasChatUploadRoute = createRoute({
  method: 'post',
  path: '/api/saas/chat/upload',
  tags: ['WhatsApp'],
  summary: 'Upload a file to send on WhatsApp',
  description:
    "Stores one file, sent as `multipart/form-data` field `file`, for a WhatsApp message (`mediaUrl` of\n`POST /api/saas/chat/send`). Its type is read from its bytes; only types WhatsApp Cloud API carries are taken,\neach up to Meta's limit (decimal megabytes):\n\n| Kind | Types | At most |\n| --- | --- | --- |\n| image | `image/jpeg`, `image/png` | 5 MB (and 50 megapixels) |\n| sticker | `image/webp` | 500 KB |\n| video | `video/mp4`, `video/3gpp` | 16 MB |\n| audio | `audio/aac`, `audio/amr`, `audio/mpeg`, `audio/mp4`, `audio/ogg` | 16 MB |\n| document | PDF, Word, Excel, PowerPoint (`.doc`/`.docx`, `.xls`/`.xlsx`, `.ppt`/`.pptx`), `text/plain` | 100 MB |\n\nThe declared part type (or file name) only settles what the bytes cannot: which old Office format, an\naudio-only MP4, plain text. Anything else (a text file named `.png`) is 415 `UNSUPPORTED_MEDIA_TYPE`; past its\ntype's limit, 413 `PAYLOAD_TOO_LARGE`. This route's body limit is its own, `ECODRIX_UPLOAD_LIMIT_BYTES`\n(100 MiB by default, so the largest document fits with its multipart framing), instead of the 1 MiB of JSON\nbodies; a body past it is refused with 413 while it is being read, before it is parsed.\n\nImages are re-encoded in their own format with every metadata block dropped (EXIF with the camera's GPS\nposition, XMP, IPTC, ICC) and their EXIF orientation applied. Files are kept under `ECODRIX_DATA_DIR/media`,\nor in the S3-compatible bucket `S3_BUCKET` when it is set.\n",
  operationId: 'media.upload',
  request: {
    headers: z.object({ 'Idempotency-Key': IdempotencyKeyParamsSchema }),
    body: {
      content: {
        'multipart/form-data': {
          schema: z
            .object({
              file: z
                .file()
                .openapi({
                  description: "The file; its part's `Content-Type` and `filename` are hints only.",
                }),
            })
            .openapi({ required: ['file'] }),
        },
      },
      required: true,
    },
  },
  responses: {
    201: {
      description: 'The file is stored.',
      content: {
        'application/json': {
          schema: SuccessEnvelopeSchema.and(
            z.object({ data: UploadedMediaSchema }).openapi({ required: ['data'] }),
          ),
          example: {
            success: true,
            data: {
              url: 'http://localhost:3000/api/saas/chat/media/nirvisham/q1w2e3r4t5y6u7i8o9p0aA.jpg',
              mimeType: 'image/jpeg',
              size: 48213,
              width: 1080,
              height: 1350,
            },
          },
        },
      },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    409: ConflictResponse,
    413: PayloadTooLargeResponse,
    415: UnsupportedMediaTypeResponse,
    422: UnprocessableEntityResponse,
  },
})

export const getApiSaasChatMediaClientCodeFileNameRoute = createRoute({
  method: 'get',
  path: '/api/saas/chat/media/{clientCode}/{fileName}',
  tags: ['WhatsApp'],
  summary: 'A stored media file',
  description:
    'Streams a file stored by `POST /api/saas/chat/upload` or fetched from Meta for an inbound message, as the\ncontent type it was stored as. Public, so WhatsApp (which fetches a sent `link`) and `<img>`/`<video>` tags can\nread it: the 128-bit random file name is what protects it. Sent with `X-Content-Type-Options: nosniff`,\n`Content-Disposition: attachment` for anything but an image, and `Cache-Control: public, max-age=31536000,\nimmutable` (a stored file never changes). A name that is not one the server gives out (`..`, an encoded `/`,\nanother extension), or one nothing is stored under, is 404: there is no listing.\n',
  operationId: 'media.get',
  request: {
    params: z.object({
      clientCode: z
        .string()
        .openapi({
          param: {
            name: 'clientCode',
            in: 'path',
            required: true,
            description: 'The tenant the file belongs to.',
            schema: { type: 'string' },
            example: 'nirvisham',
          },
        }),
      fileName: z
        .string()
        .openapi({
          param: {
            name: 'fileName',
            in: 'path',
            required: true,
            description: "The stored file's name, as in the upload's `url`.",
            schema: { type: 'string' },
            example: 'q1w2e3r4t5y6u7i8o9p0aA.jpg',
          },
        }),
    }),
  },
  responses: {
    200: {
      description: 'The file.',
      headers: z.object({
        'Content-Disposition': {
          description: '`attachment; filename="<fileName>"` for anything but an image.',
          schema: z
            .string()
            .exactOptional()
            .openapi({
              description: '`attachment; filename="<fileName>"` for anything but an image.',
            }),
        },
        'X-Content-Type-Options': { schema: z.literal('nosniff').exactOptional() },
        'Cache-Control': {
          schema: z
            .string()
            .exactOptional()
            .openapi({ example: 'public, max-age=31536000, immutable' }),
        },
      }),
      content: {
        'image/jpeg': { schema: z.file() },
        'image/png': { schema: z.file() },
        'image/webp': { schema: z.file() },
        'video/mp4': { schema: z.file() },
        'video/3gpp': { schema: z.file() },
        'audio/aac': { schema: z.file() },
        'audio/amr': { schema: z.file() },
        'audio/mpeg': { schema: z.file() },
        'audio/mp4': { schema: z.file() },
        'audio/ogg': { schema: z.file() },
        'application/pdf': { schema: z.file() },
        'application/msword': { schema: z.file() },
        'application/vnd.openxmlformats-officedocument.wordprocessingml.document': {
          schema: z.file(),
        },
        'application/vnd.ms-excel': { schema: z.file() },
        'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { schema: z.file() },
        'application/vnd.ms-powerpoint': { schema: z.file() },
        'application/vnd.openxmlformats-officedocument.presentationml.presentation': {
          schema: z.file(),
        },
        'text/plain': { schema: z.file() },
      },
    },
    400: BadRequestResponse,
    404: NotFoundResponse,
  },
  security: [],
})

export const getApiSaasChatConversationsRoute = createRoute({
  method: 'get',
  path: '/api/saas/chat/conversations',
  tags: ['WhatsApp'],
  summary: "List the inbox's conversations",
  description:
    "The tenant's WhatsApp conversations, the one with the newest message first and those without\nmessages last, paginated. Filters combine.\n",
  operationId: 'conversations.list',
  request: {
    query: z.object({
      status: ConversationStatusQueryParamsSchema,
      search: ConversationSearchQueryParamsSchema,
      unread: ConversationUnreadQueryParamsSchema,
      assignedTo: ConversationAssignedToQueryParamsSchema,
      tag: ConversationTagQueryParamsSchema,
      page: PageParamsSchema,
      limit: LimitParamsSchema,
    }),
  },
  responses: {
    200: {
      description: 'A page of conversations.',
      content: {
        'application/json': {
          schema: SuccessEnvelopeSchema.and(PaginationSchema).and(
            z.object({ data: z.array(ConversationSchema) }).openapi({ required: ['data'] }),
          ),
        },
      },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
  },
})

export const postApiSaasChatConversationsRoute = createRoute({
  method: 'post',
  path: '/api/saas/chat/conversations',
  tags: ['WhatsApp'],
  summary: 'Start a conversation with a phone',
  description:
    "Creates the conversation for a phone (201), linked to the CRM's open lead with that phone when\nthere is one (no lead is created). A phone that already has a conversation answers 200 with\nit, unchanged.\n",
  operationId: 'conversations.create',
  request: {
    headers: z.object({ 'Idempotency-Key': IdempotencyKeyParamsSchema }),
    body: {
      content: { 'application/json': { schema: CreateConversationRequestSchema } },
      required: true,
    },
  },
  responses: {
    200: {
      description: "The phone's existing conversation.",
      content: { 'application/json': { schema: ConversationEnvelopeSchema } },
    },
    201: {
      description: 'The new conversation.',
      content: { 'application/json': { schema: ConversationEnvelopeSchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    409: ConflictResponse,
    413: PayloadTooLargeResponse,
    415: UnsupportedMediaTypeResponse,
    422: UnprocessableEntityResponse,
  },
})

export const getApiSaasChatConversationsConversationIdRoute = createRoute({
  method: 'get',
  path: '/api/saas/chat/conversations/{conversationId}',
  tags: ['WhatsApp'],
  summary: 'Get a conversation',
  operationId: 'conversations.get',
  request: { params: z.object({ conversationId: ConversationIdPathParamsSchema }) },
  responses: {
    200: {
      description: 'The conversation.',
      content: { 'application/json': { schema: ConversationEnvelopeSchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    404: NotFoundResponse,
  },
})

export const deleteApiSaasChatConversationsConversationIdRoute = createRoute({
  method: 'delete',
  path: '/api/saas/chat/conversations/{conversationId}',
  tags: ['WhatsApp'],
  summary: 'Delete a conversation and its messages',
  description:
    'Removes the conversation and all its messages in one transaction. The CRM lead it was linked\nto stays.\n',
  operationId: 'conversations.delete',
  request: { params: z.object({ conversationId: ConversationIdPathParamsSchema }) },
  responses: {
    200: {
      description: 'The conversation is gone.',
      content: {
        'application/json': {
          schema: SuccessEnvelopeSchema.and(
            z
              .object({
                data: z
                  .object({ id: z.string(), deleted: z.literal(true) })
                  .openapi({ required: ['id', 'deleted'] }),
              })
              .openapi({ required: ['data'] }),
          ),
        },
      },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    404: NotFoundResponse,
    413: PayloadTooLargeResponse,
  },
})

export const patchApiSaasChatConversationsConversationIdRoute = createRoute({
  method: 'patch',
  path: '/api/saas/chat/conversations/{conversationId}',
  tags: ['WhatsApp'],
  summary: 'Assign, close or tag a conversation',
  operationId: 'conversations.update',
  request: {
    params: z.object({ conversationId: ConversationIdPathParamsSchema }),
    body: {
      content: { 'application/json': { schema: UpdateConversationRequestSchema } },
      required: true,
    },
  },
  responses: {
    200: {
      description: 'The conversation after the change.',
      content: { 'application/json': { schema: ConversationEnvelopeSchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    404: NotFoundResponse,
    413: PayloadTooLargeResponse,
    415: UnsupportedMediaTypeResponse,
  },
})

export const postApiSaasChatConversationsConversationIdReadRoute = createRoute({
  method: 'post',
  path: '/api/saas/chat/conversations/{conversationId}/read',
  tags: ['WhatsApp'],
  summary: 'Mark a conversation read',
  description:
    "Sets its unread count to 0 and, when it had unread messages, sends Meta a read receipt for the\ncontact's last message (the contact sees blue ticks on it and on every earlier one). The\nreceipt is best effort: a Graph failure is logged and the answer is still 200 (the unread\ncount is the inbox's own). A sandbox token (`mock_…`) sends nothing.\n",
  operationId: 'conversations.markRead',
  request: {
    params: z.object({ conversationId: ConversationIdPathParamsSchema }),
    headers: z.object({ 'Idempotency-Key': IdempotencyKeyParamsSchema }),
  },
  responses: {
    200: {
      description: 'The conversation, now read.',
      content: { 'application/json': { schema: ConversationEnvelopeSchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    404: NotFoundResponse,
    409: ConflictResponse,
    413: PayloadTooLargeResponse,
    422: UnprocessableEntityResponse,
  },
})

export const getApiSaasChatConversationsConversationIdMessagesRoute = createRoute({
  method: 'get',
  path: '/api/saas/chat/conversations/{conversationId}/messages',
  tags: ['WhatsApp'],
  summary: "Read a conversation's messages",
  description:
    'Messages oldest → newest within the page. Without a cursor, the newest `limit` messages; with\n`before`, the `limit` just before that message (scrolling back; `hasMore`: older ones remain);\nwith `after`, the `limit` just after it (catching up; `hasMore`: newer ones remain). The cursor\nmessage itself need not match the filters.\n',
  operationId: 'messages.list',
  request: {
    params: z.object({ conversationId: ConversationIdPathParamsSchema }),
    query: z.object({
      before: MessageBeforeQueryParamsSchema,
      after: MessageAfterQueryParamsSchema,
      direction: MessageDirectionQueryParamsSchema,
      status: MessageStatusQueryParamsSchema,
      limit: LimitParamsSchema,
    }),
  },
  responses: {
    200: {
      description: 'A page of messages.',
      content: {
        'application/json': {
          schema: SuccessEnvelopeSchema.and(CursorPaginationSchema).and(
            z.object({ data: z.array(WhatsappMessageSchema) }).openapi({ required: ['data'] }),
          ),
        },
      },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    404: NotFoundResponse,
  },
})

export const postApiSaasChatSendRoute = createRoute({
  method: 'post',
  path: '/api/saas/chat/send',
  tags: ['WhatsApp'],
  summary: 'Send a WhatsApp message',
  description:
    "Queues an outbound message to `to` and answers it with status `queued` (201). The tenant's number\nsends its queue at its pace (`whatsappMessagesPerSecond`, 80 a second unless set), a\nconversation's messages one at a time in the order they were queued; Graph throttling (HTTP 429,\n`130429`, `131056`) and Graph or network failures are retried with backoff, and Meta's other\nerrors end the message `failed` with Meta's code and title. The message then moves to `sent`\n(with its `wamid`), `delivered` and `read` as Meta reports them; sockets receive each change as a\n`message:status` frame, and the new message as `message:new`.\n\nMeta's policy: free-form text or media only while the contact's 24-hour customer-service window\nis open (they wrote in the last 24 hours), else 422 `OUTSIDE_SERVICE_WINDOW`; a template at any\ntime. The phone's conversation is created when it has none, linked to the open lead with that\nphone. A template must be synced for the tenant (404 `TEMPLATE_NOT_FOUND`) and approved (422\n`TEMPLATE_NOT_APPROVED`). Without `whatsappToken` and `whatsappPhoneNumberId`: 422\n`WHATSAPP_NOT_CONFIGURED`. A `mock_` token is the sandbox: messages are sent without network\n(wamid `wamid.mock_…`), then reported `delivered` and `read` a second apart.\n",
  operationId: 'chat.send',
  request: {
    headers: z.object({ 'Idempotency-Key': IdempotencyKeyParamsSchema }),
    body: {
      content: {
        'application/json': {
          schema: SendMessageRequestSchema,
          examples: {
            text: { value: { to: '+919876543210', text: 'Hello, your appointment is confirmed!' } },
            template: {
              value: {
                to: '+919876543210',
                templateName: 'appointment_confirmed',
                templateLanguage: 'en_US',
                variables: ['Ravi Kumar', 'Dr. Sharma', '3:00 PM'],
              },
            },
            media: {
              value: {
                to: '+919876543210',
                mediaUrl: 'https://cdn.example.com/prescription.pdf',
                mediaType: 'document',
                caption: 'Your prescription',
              },
            },
          },
        },
      },
      required: true,
    },
  },
  responses: {
    201: {
      description: 'The queued message.',
      content: { 'application/json': { schema: WhatsappMessageEnvelopeSchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    404: NotFoundResponse,
    409: ConflictResponse,
    413: PayloadTooLargeResponse,
    415: UnsupportedMediaTypeResponse,
    422: UnprocessableEntityResponse,
  },
})

export const postApiSaasChatBroadcastRoute = createRoute({
  method: 'post',
  path: '/api/saas/chat/broadcast',
  tags: ['WhatsApp'],
  summary: 'Create and launch a WhatsApp broadcast',
  description:
    "Sends an approved template to up to 100,000 recipients, or to an `audience` of CRM leads, and\nanswers 202 at once with the counts, before any message is queued (\"non-blocking\"). Phones are\nnormalised as lead phones are (without a country code, in the tenant's `defaultCountry`); a\nphone given twice gets one message (`duplicates`); a phone that is not a phone number, or a\nrecipient with fewer `variables` than the template's body needs, is recorded as a `rejected`\nrecipient with its `error`. None accepted answers 422 `BROADCAST_NO_RECIPIENTS`, nothing stored.\n\nFrom `scheduledAt` (now when absent) the recipients are handed, in order and a few seconds'\nworth at a time, to the number's outbound queue — the one `POST /api/saas/chat/send` uses — so\neach message appears in its recipient's conversation (created when the phone has none) and is\nsent at the number's pace (`whatsappMessagesPerSecond`, 80 a second unless set), never faster;\nGraph throttling (`130429`, HTTP 429) slows it down and retries, and Meta's other errors fail that\nrecipient only. A restart resumes where it stopped: a recipient is handed over once, in the\ntransaction that queues its message. Each recipient's status is then its message's.\n\nThe template must be synced (404 `TEMPLATE_NOT_FOUND`) and approved (422\n`TEMPLATE_NOT_APPROVED`); WhatsApp must be configured (422 `WHATSAPP_NOT_CONFIGURED`). A\n`mock_` token is the sandbox: messages are \"sent\" without network, then reported `delivered`\nand `read`. Bodies up to 16 MiB (100,000 recipients).\n",
  operationId: 'broadcasts.create',
  request: {
    headers: z.object({ 'Idempotency-Key': IdempotencyKeyParamsSchema }),
    body: {
      content: {
        'application/json': {
          schema: CreateBroadcastRequestSchema,
          examples: {
            recipients: {
              value: {
                name: 'Summer Health Camp',
                templateName: 'health_camp_invite',
                recipients: [
                  { phone: '+919876543210', variables: ['Ravi', 'March 20'] },
                  { phone: '+919999999999', variables: ['Priya', 'March 20'] },
                ],
              },
            },
            audience: {
              value: {
                name: 'Follow-up of hot leads',
                templateName: 'follow_up',
                language: 'en_US',
                audience: { tags: ['hot'], minScore: 50 },
                scheduledAt: '2030-03-20T09:00:00Z',
              },
            },
          },
        },
      },
      required: true,
    },
  },
  responses: {
    202: {
      description: 'Accepted; sending starts at `scheduledAt`.',
      content: { 'application/json': { schema: BroadcastAcceptedEnvelopeSchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    404: NotFoundResponse,
    409: ConflictResponse,
    413: PayloadTooLargeResponse,
    415: UnsupportedMediaTypeResponse,
    422: UnprocessableEntityResponse,
  },
})

export const getApiSaasChatBroadcastsRoute = createRoute({
  method: 'get',
  path: '/api/saas/chat/broadcasts',
  tags: ['WhatsApp'],
  summary: 'List broadcasts',
  description:
    "The tenant's broadcasts, newest first, paginated, each with its recipients counted by status,\nits progress and its start and finish times.\n",
  operationId: 'broadcasts.list',
  request: {
    query: z.object({
      status: BroadcastStatusQueryParamsSchema,
      page: PageParamsSchema,
      limit: LimitParamsSchema,
    }),
  },
  responses: {
    200: {
      description: 'A page of broadcasts.',
      content: {
        'application/json': {
          schema: SuccessEnvelopeSchema.and(PaginationSchema).and(
            z.object({ data: z.array(BroadcastSchema) }).openapi({ required: ['data'] }),
          ),
        },
      },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
  },
})

export const getApiSaasChatBroadcastsBroadcastIdRoute = createRoute({
  method: 'get',
  path: '/api/saas/chat/broadcasts/{broadcastId}',
  tags: ['WhatsApp'],
  summary: 'Get a broadcast',
  description: 'The broadcast with its recipients counted by status, its progress and its times.',
  operationId: 'broadcasts.get',
  request: { params: z.object({ broadcastId: BroadcastIdPathParamsSchema }) },
  responses: {
    200: {
      description: 'The broadcast.',
      content: { 'application/json': { schema: BroadcastEnvelopeSchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    404: NotFoundResponse,
  },
})

export const getApiSaasChatBroadcastsBroadcastIdRecipientsRoute = createRoute({
  method: 'get',
  path: '/api/saas/chat/broadcasts/{broadcastId}/recipients',
  tags: ['WhatsApp'],
  summary: "List a broadcast's recipients",
  description:
    "The broadcast's recipients in the order they were given (rejected ones included), paginated,\neach with its status — its message's once queued — and its message and conversation.\n",
  operationId: 'broadcasts.recipients',
  request: {
    params: z.object({ broadcastId: BroadcastIdPathParamsSchema }),
    query: z.object({
      status: BroadcastRecipientStatusQueryParamsSchema,
      page: PageParamsSchema,
      limit: LimitParamsSchema,
    }),
  },
  responses: {
    200: {
      description: 'A page of recipients.',
      content: {
        'application/json': {
          schema: SuccessEnvelopeSchema.and(PaginationSchema).and(
            z.object({ data: z.array(BroadcastRecipientSchema) }).openapi({ required: ['data'] }),
          ),
        },
      },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    404: NotFoundResponse,
  },
})

export const postApiSaasChatBroadcastsBroadcastIdCancelRoute = createRoute({
  method: 'post',
  path: '/api/saas/chat/broadcasts/{broadcastId}/cancel',
  tags: ['WhatsApp'],
  summary: 'Cancel a broadcast',
  description:
    'Stops what has not been sent: recipients not yet queued, and queued messages not yet handed to\nGraph, end `cancelled` (their messages `failed`, "Cancelled with its broadcast"); a message\nalready on its way to Graph is not recalled. Answers the broadcast. A broadcast already\ncompleted or cancelled answers 409 `BROADCAST_FINISHED`.\n',
  operationId: 'broadcasts.cancel',
  request: {
    headers: z.object({ 'Idempotency-Key': IdempotencyKeyParamsSchema }),
    params: z.object({ broadcastId: BroadcastIdPathParamsSchema }),
  },
  responses: {
    200: {
      description: 'The cancelled broadcast.',
      content: { 'application/json': { schema: BroadcastEnvelopeSchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    404: NotFoundResponse,
    409: ConflictResponse,
    413: PayloadTooLargeResponse,
  },
})

export const postApiSaasChatMessagesMessageIdStarRoute = createRoute({
  method: 'post',
  path: '/api/saas/chat/messages/{messageId}/star',
  tags: ['WhatsApp'],
  summary: 'Star or unstar a message',
  description:
    "Flips the message's `starred` (in one statement, so two toggles always cancel out) and answers the message with its new state. No body. Sockets of the tenant receive the changed message as a `message:status` frame. Starring is the inbox's own bookmark: nothing is sent to WhatsApp.",
  operationId: 'messages.star',
  request: {
    params: z.object({ messageId: MessageIdPathParamsSchema }),
    headers: z.object({ 'Idempotency-Key': IdempotencyKeyParamsSchema }),
  },
  responses: {
    200: {
      description: 'The message after the change.',
      content: { 'application/json': { schema: WhatsappMessageEnvelopeSchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    404: NotFoundResponse,
    409: ConflictResponse,
    413: PayloadTooLargeResponse,
    422: UnprocessableEntityResponse,
  },
})

export const postApiSaasChatMessagesMessageIdReactRoute = createRoute({
  method: 'post',
  path: '/api/saas/chat/messages/{messageId}/react',
  tags: ['WhatsApp'],
  summary: 'React to a message with an emoji, or remove our reaction',
  description:
    "Sends Meta's reaction message for the message's wamid (`type: reaction`, `reaction: {message_id, emoji}`; the empty string removes the reaction, as Meta documents) to the conversation's phone, and once Graph has accepted it stores it as the message's `reaction`. Reactions to one message are sent one at a time, so the stored one is the one WhatsApp shows. Sockets of the tenant receive the changed message as a `message:status` frame. A `mock_` token (the sandbox) accepts the reaction without network.",
  operationId: 'reactions.send',
  request: {
    params: z.object({ messageId: MessageIdPathParamsSchema }),
    headers: z.object({ 'Idempotency-Key': IdempotencyKeyParamsSchema }),
    body: { content: { 'application/json': { schema: ReactionRequestSchema } }, required: true },
  },
  responses: {
    200: {
      description: 'The message with its new `reaction` (null once removed).',
      content: { 'application/json': { schema: WhatsappMessageEnvelopeSchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    404: NotFoundResponse,
    409: {
      description:
        'The message has no wamid yet — it is still queued, or it failed before reaching WhatsApp — so it cannot carry a reaction (MESSAGE_NOT_SENT); or an earlier request under this `Idempotency-Key` is still running.',
      content: {
        'application/json': {
          schema: ErrorEnvelopeSchema,
          example: {
            success: false,
            message:
              'Message 7c1e9a2b-4d3f-4b6a-8e5d-2f1a0b9c8d7e has not reached WhatsApp yet (queued), so it cannot carry a reaction',
            code: 'MESSAGE_NOT_SENT',
            requestId: '0d9c1b3e-6f1a-4c44-9f57-2f3c8a1f4b21',
          },
        },
      },
    },
    413: PayloadTooLargeResponse,
    415: UnsupportedMediaTypeResponse,
    422: {
      description:
        "The contact has not written in the last 24 hours (OUTSIDE_SERVICE_WINDOW: a reaction is a free-form message, which Meta delivers only inside the customer-service window), WhatsApp is not configured for the tenant (WHATSAPP_NOT_CONFIGURED: no `whatsappToken` or `whatsappPhoneNumberId`), Meta refused the reaction (WHATSAPP_REJECTED, with Meta's error code and title in the message; nothing is stored), or the `Idempotency-Key` was used for a different request.",
      content: {
        'application/json': {
          schema: ErrorEnvelopeSchema,
          example: {
            success: false,
            message: 'WhatsApp refused the reaction: (#100) Invalid parameter',
            code: 'WHATSAPP_REJECTED',
            requestId: '0d9c1b3e-6f1a-4c44-9f57-2f3c8a1f4b21',
          },
        },
      },
    },
    502: {
      description:
        'Graph could not be reached, timed out or failed (5xx, or a rate limit such as 130429); nothing is stored; try again (WHATSAPP_UNAVAILABLE).',
      content: { 'application/json': { schema: ErrorEnvelopeSchema } },
    },
  },
})

export const getApiSaasChatAutoRepliesRoute = createRoute({
  method: 'get',
  path: '/api/saas/chat/auto-replies',
  tags: ['WhatsApp'],
  summary: 'Get the keyword auto-replies',
  description:
    "The tenant's flows in the order they are tried, and the fallback (none until saved).",
  operationId: 'inbox.getAutoReplies',
  responses: {
    200: {
      description: 'The flows.',
      content: { 'application/json': { schema: AutoRepliesEnvelopeSchema } },
    },
    401: UnauthorizedResponse,
  },
})

export const putApiSaasChatAutoRepliesRoute = createRoute({
  method: 'put',
  path: '/api/saas/chat/auto-replies',
  tags: ['WhatsApp'],
  summary: 'Save the keyword auto-replies',
  description:
    "Replaces the tenant's flows and fallback. Each inbound text message is answered by the first\nflow whose `match` it satisfies, else by the fallback, else not at all: at most one auto-reply\nper inbound message (keyed `auto-reply:<inbound wamid>`, unique, so Meta's redeliveries and the\nwebhook's retries never send a second). The reply is queued in the contact's conversation like\nany outbound message (paced by the number's rate, after messages queued before it); it runs\nbeside the automation's `message_received` rules, which see the same message.\n\nRefused whole, nothing saved: more than 100 flows, two flows with one `id`, a keyword empty once\nnormalised, or a `regex` RE2 does not compile (400 `VALIDATION_ERROR` naming the field); a\ntemplate reply not synced (404 `TEMPLATE_NOT_FOUND`) or not approved (422 `TEMPLATE_NOT_APPROVED`).\n",
  operationId: 'inbox.saveAutoReplies',
  request: {
    body: { content: { 'application/json': { schema: AutoRepliesUpdateSchema } }, required: true },
  },
  responses: {
    200: {
      description: 'The flows as saved.',
      content: { 'application/json': { schema: AutoRepliesEnvelopeSchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    404: NotFoundResponse,
    413: PayloadTooLargeResponse,
    415: UnsupportedMediaTypeResponse,
    422: UnprocessableEntityResponse,
  },
})

export const postApiSaasChatAutoRepliesTestRoute = createRoute({
  method: 'post',
  path: '/api/saas/chat/auto-replies/test',
  tags: ['WhatsApp'],
  summary: 'Try the auto-replies on a text',
  description:
    'Says which saved flow would answer `text` (or the fallback, or nothing), without sending or writing anything.',
  operationId: 'inbox.testAutoReplies',
  request: {
    body: {
      content: { 'application/json': { schema: AutoReplyTestRequestSchema } },
      required: true,
    },
  },
  responses: {
    200: {
      description: 'What would answer.',
      content: { 'application/json': { schema: AutoReplyTestResultEnvelopeSchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    413: PayloadTooLargeResponse,
    415: UnsupportedMediaTypeResponse,
  },
})

export const getApiSaasChatTemplatesRoute = createRoute({
  method: 'get',
  path: '/api/saas/chat/templates',
  tags: ['WhatsApp'],
  summary: 'List the synced WhatsApp templates',
  description:
    'The templates `POST /api/saas/chat/templates/sync` pulled from Meta, one item per name and\nlanguage, by name then language, paginated. Filters combine.\n',
  operationId: 'templates.list',
  request: {
    query: z.object({
      status: TemplateStatusQueryParamsSchema,
      mappingStatus: TemplateMappingStatusQueryParamsSchema,
      channel: TemplateChannelQueryParamsSchema,
      page: PageParamsSchema,
      limit: LimitParamsSchema,
    }),
  },
  responses: {
    200: {
      description: 'A page of templates.',
      content: {
        'application/json': {
          schema: SuccessEnvelopeSchema.and(PaginationSchema).and(
            z.object({ data: z.array(WhatsappTemplateSchema) }).openapi({ required: ['data'] }),
          ),
        },
      },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
  },
})

export const postApiSaasChatTemplatesSyncRoute = createRoute({
  method: 'post',
  path: '/api/saas/chat/templates/sync',
  tags: ['WhatsApp'],
  summary: 'Pull the WhatsApp templates from Meta',
  description:
    "Reads every template of the tenant's WhatsApp Business Account from Graph\n(`GET /{whatsappBusinessId}/message_templates`, following `paging.next` to the end), then in one\ntransaction upserts them by name and language (status, category, components; mappings are\nkept) and marks those Meta no longer lists `deleted` (kept, since rules may name them). A Graph\nerror writes nothing and answers 502 `WHATSAPP_UPSTREAM_ERROR` with Meta's code and message.\n\nNeeds the `whatsappToken` and `whatsappBusinessId` secrets (else 422 `WHATSAPP_NOT_CONFIGURED`).\nA `mock_` token is the sandbox: the sync pulls a fixed sandbox catalog without network\n(`appointment_confirmed` with three body variables, `order_update` with a header, body and URL\nbutton variable, `hello_world` without variables, `promo_pending` pending review).\n",
  operationId: 'templates.sync',
  request: { headers: z.object({ 'Idempotency-Key': IdempotencyKeyParamsSchema }) },
  responses: {
    200: {
      description: 'What the sync changed.',
      content: {
        'application/json': {
          schema: SuccessEnvelopeSchema.and(
            z.object({ data: WhatsappTemplateSyncResultSchema }).openapi({ required: ['data'] }),
          ),
        },
      },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    409: ConflictResponse,
    413: PayloadTooLargeResponse,
    422: UnprocessableEntityResponse,
    502: {
      description:
        "Graph refused the listing or could not be reached (WHATSAPP_UPSTREAM_ERROR): `details` carry Meta's code and message; nothing is written.",
      content: { 'application/json': { schema: ErrorEnvelopeSchema } },
    },
  },
})

export const getApiSaasChatTemplatesTemplateNameRoute = createRoute({
  method: 'get',
  path: '/api/saas/chat/templates/{templateName}',
  tags: ['WhatsApp'],
  summary: 'Get a template in all its languages',
  description:
    'Each language of the template, with every `{{n}}` of its header, body and buttons and the mapping that fills it.',
  operationId: 'templates.get',
  request: { params: z.object({ templateName: TemplateNamePathParamsSchema }) },
  responses: {
    200: {
      description: "The template's languages.",
      content: {
        'application/json': {
          schema: SuccessEnvelopeSchema.and(
            z
              .object({
                data: z
                  .object({ name: z.string(), languages: z.array(WhatsappTemplateSchema) })
                  .openapi({ required: ['name', 'languages'] }),
              })
              .openapi({ required: ['data'] }),
          ),
        },
      },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    404: NotFoundResponse,
  },
})

export const putApiSaasChatTemplatesTemplateNameMappingRoute = createRoute({
  method: 'put',
  path: '/api/saas/chat/templates/{templateName}/mapping',
  tags: ['WhatsApp'],
  summary: "Map the template's variables to fields",
  description:
    "Replaces the template's mapping (every language, or the one `language` names) and what a send\ndoes with an empty value. An index the template does not have, one mapped twice, a button\nvariable without its `buttonIndex`, or a field its source does not have answers 400 naming the\nmapping; `defaultValue` goes with `onEmptyVariable` `default` only. Sends, previews and\nbroadcasts use the new mapping at once.\n",
  operationId: 'templates.updateMapping',
  request: {
    params: z.object({ templateName: TemplateNamePathParamsSchema }),
    body: {
      content: { 'application/json': { schema: WhatsappTemplateMappingUpdateSchema } },
      required: true,
    },
  },
  responses: {
    200: {
      description: "The template's languages with their new mapping.",
      content: {
        'application/json': {
          schema: SuccessEnvelopeSchema.and(
            z
              .object({
                data: z
                  .object({ name: z.string(), languages: z.array(WhatsappTemplateSchema) })
                  .openapi({ required: ['name', 'languages'] }),
              })
              .openapi({ required: ['data'] }),
          ),
        },
      },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    404: NotFoundResponse,
    413: PayloadTooLargeResponse,
    415: UnsupportedMediaTypeResponse,
  },
})

export const getApiSaasChatTemplatesTemplateNameValidateRoute = createRoute({
  method: 'get',
  path: '/api/saas/chat/templates/{templateName}/validate',
  tags: ['WhatsApp'],
  summary: "Check the template's mapping",
  description:
    'For each variable of one language of the template, whether it is mapped and whether its field exists; `valid` when all are.',
  operationId: 'templates.validate',
  request: {
    params: z.object({ templateName: TemplateNamePathParamsSchema }),
    query: z.object({ language: TemplateLanguageQueryParamsSchema }),
  },
  responses: {
    200: {
      description: 'The check.',
      content: {
        'application/json': {
          schema: SuccessEnvelopeSchema.and(
            z.object({ data: WhatsappTemplateValidationSchema }).openapi({ required: ['data'] }),
          ),
        },
      },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    404: NotFoundResponse,
  },
})

export const postApiSaasChatTemplatesTemplateNamePreviewRoute = createRoute({
  method: 'post',
  path: '/api/saas/chat/templates/{templateName}/preview',
  tags: ['WhatsApp'],
  summary: 'Fill the template in without sending it',
  description:
    "Resolves the template's parameters exactly as a send (the chat route, an automation's\n`send_whatsapp`, a broadcast) would, from the given `context` or a real lead: each component's\ntext filled in, the `components` Graph would receive, and which variables were empty and what\n`onEmptyVariable` did. Nothing is sent or written. An unknown `leadId` answers 404 LEAD_NOT_FOUND.\n",
  operationId: 'templates.preview',
  request: {
    params: z.object({ templateName: TemplateNamePathParamsSchema }),
    body: {
      content: { 'application/json': { schema: WhatsappTemplatePreviewRequestSchema } },
      required: true,
    },
  },
  responses: {
    200: {
      description: 'The filled template.',
      content: {
        'application/json': {
          schema: SuccessEnvelopeSchema.and(
            z.object({ data: WhatsappTemplatePreviewSchema }).openapi({ required: ['data'] }),
          ),
        },
      },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    404: NotFoundResponse,
    413: PayloadTooLargeResponse,
    415: UnsupportedMediaTypeResponse,
  },
})

export const getApiSaasChatCollectionsRoute = createRoute({
  method: 'get',
  path: '/api/saas/chat/collections',
  tags: ['WhatsApp'],
  summary: 'List the sources a template mapping may read',
  operationId: 'collections.list',
  responses: {
    200: {
      description: 'The collections.',
      content: {
        'application/json': {
          schema: SuccessEnvelopeSchema.and(
            z.object({ data: z.array(TemplateCollectionSchema) }).openapi({ required: ['data'] }),
          ),
        },
      },
    },
    401: UnauthorizedResponse,
  },
})

export const getApiSaasChatCollectionsNameFieldsRoute = createRoute({
  method: 'get',
  path: '/api/saas/chat/collections/{name}/fields',
  tags: ['WhatsApp'],
  summary: "List a collection's fields",
  description:
    "The fields a mapping may name in the collection, with their types, read from the API's own\nschemas (the lead's documented fields, the Pipeline, Stage and Conversation schemas). The keys\nof `event` (`variables`, `data`) are whatever the trigger sends, so any is accepted; `metadata`\nlists the `refs.*` and `extra.*` keys the tenant's leads use, and accepts others.\n",
  operationId: 'collections.fields',
  request: { params: z.object({ name: CollectionNamePathParamsSchema }) },
  responses: {
    200: {
      description: 'The fields.',
      content: {
        'application/json': {
          schema: SuccessEnvelopeSchema.and(
            z
              .object({ data: z.array(TemplateCollectionFieldSchema) })
              .openapi({ required: ['data'] }),
          ),
        },
      },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    404: NotFoundResponse,
  },
})

export const getApiWebhooksWhatsappRoute = createRoute({
  method: 'get',
  path: '/api/webhooks/whatsapp',
  tags: ['WhatsApp'],
  summary: "Answer Meta's webhook verification handshake",
  description:
    "Meta calls this once when the webhook is configured in the app dashboard (one shared callback\nURL for every tenant). With `hub.mode=subscribe` and a `hub.verify_token` equal to some\ntenant's `whatsappWebhookToken` secret or the platform's `WHATSAPP_VERIFY_TOKEN`, the answer is\nthe `hub.challenge` as plain text; anything else is 403.\n",
  operationId: 'webhooks.verifyWhatsapp',
  request: {
    query: z.object({
      'hub.mode': z
        .string()
        .max(100)
        .openapi({
          param: {
            name: 'hub.mode',
            in: 'query',
            required: true,
            schema: { type: 'string', maxLength: 100 },
            example: 'subscribe',
          },
        }),
      'hub.verify_token': z
        .string()
        .max(500)
        .openapi({
          param: {
            name: 'hub.verify_token',
            in: 'query',
            required: true,
            schema: { type: 'string', maxLength: 500 },
          },
        }),
      'hub.challenge': z
        .string()
        .max(500)
        .openapi({
          param: {
            name: 'hub.challenge',
            in: 'query',
            required: true,
            schema: { type: 'string', maxLength: 500 },
            example: '1158201444',
          },
        }),
    }),
  },
  responses: {
    200: {
      description: 'The token is known; the challenge, as sent.',
      content: { 'text/plain': { schema: z.string(), example: '1158201444' } },
    },
    400: BadRequestResponse,
    403: {
      description: 'Not a subscription request, or an unknown verify token (FORBIDDEN).',
      content: {
        'application/json': {
          schema: ErrorEnvelopeSchema,
          example: {
            success: false,
            message: 'Unknown verify token',
            code: 'FORBIDDEN',
            requestId: '0d9c1b3e-6f1a-4c44-9f57-2f3c8a1f4b21',
          },
        },
      },
    },
  },
  security: [],
})

export const postApiWebhooksWhatsappRoute = createRoute({
  method: 'post',
  path: '/api/webhooks/whatsapp',
  tags: ['WhatsApp'],
  summary: "Receive Meta's WhatsApp webhook deliveries",
  description:
    "Meta's one shared webhook (`entry[].changes[].value` with `metadata`, `contacts`, `messages`,\n`statuses`), routed to tenants by `metadata.phone_number_id` (each tenant's\n`whatsappPhoneNumberId` secret). `X-Hub-Signature-256` must be `sha256=` and the hex HMAC-SHA256\nof the exact body bytes under the app secret of the tenant owning each change's number (its\n`whatsappAppSecret` secret, else the platform's `WHATSAPP_APP_SECRET`); otherwise 401 and nothing\nis stored.\n\nA signed delivery is stored as received and acknowledged at once; a job applies it afterwards\n(retrying with backoff; one that keeps failing ends `failed`, logged). Applying is idempotent:\na message or status Meta redelivers is applied once. Changes for a number no tenant has are\nacknowledged and logged, never refused (Meta would retry them for days). A signed body that is\nnot a WhatsApp webhook (malformed JSON included) is stored, acknowledged and marked failed.\n",
  operationId: 'webhooks.receiveWhatsapp',
  request: {
    headers: z.object({
      'X-Hub-Signature-256': z
        .string()
        .max(200)
        .exactOptional()
        .openapi({
          param: {
            name: 'X-Hub-Signature-256',
            in: 'header',
            required: false,
            description:
              '`sha256=<hex HMAC-SHA256 of the body under the app secret>`; checked in constant time.',
            schema: { type: 'string', maxLength: 200 },
          },
        }),
    }),
    body: {
      description: "Meta's webhook payload, read as bytes (the signature covers them exactly).",
      content: {
        'application/json': {
          schema: z.looseObject({
            object: z.string().exactOptional().openapi({ example: 'whatsapp_business_account' }),
            entry: z.array(z.looseObject({})).exactOptional(),
          }),
          example: {
            object: 'whatsapp_business_account',
            entry: [
              {
                id: '102290129340398',
                changes: [
                  {
                    field: 'messages',
                    value: {
                      messaging_product: 'whatsapp',
                      metadata: {
                        display_phone_number: '15550783881',
                        phone_number_id: '106540352242922',
                      },
                      contacts: [{ profile: { name: 'Sheena Nelson' }, wa_id: '16505551234' }],
                      messages: [
                        {
                          from: '16505551234',
                          id: 'wamid.HBgLMTY1MDU1NTEyMzQVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA=',
                          timestamp: '1749416383',
                          type: 'text',
                          text: { body: 'Does it come in another color?' },
                        },
                      ],
                    },
                  },
                ],
              },
            ],
          },
        },
      },
      required: true,
    },
  },
  responses: {
    200: {
      description:
        'Received; `deliveryId` names the stored delivery (null when it held nothing for any tenant).',
      content: {
        'application/json': {
          schema: SuccessEnvelopeSchema.and(
            z
              .object({
                data: z
                  .object({ deliveryId: z.string().nullable() })
                  .openapi({ required: ['deliveryId'] }),
              })
              .openapi({ required: ['data'] }),
          ),
        },
      },
    },
    400: BadRequestResponse,
    401: {
      description: 'A missing or wrong `X-Hub-Signature-256` (UNAUTHORIZED); nothing is stored.',
      content: { 'application/json': { schema: ErrorEnvelopeSchema } },
    },
    413: PayloadTooLargeResponse,
  },
  security: [],
})

export const getApiSaasRealtimeRoute = createRoute({
  method: 'get',
  path: '/api/saas/realtime',
  tags: ['WhatsApp'],
  summary: "Open the tenant's real-time socket (WebSocket)",
  description:
    "A WebSocket (RFC 6455) for one tenant's inbox events: send this GET with `Upgrade: websocket`,\n`Connection: Upgrade`, `Sec-WebSocket-Key` and `Sec-WebSocket-Version: 13` (any WebSocket\nclient does; `realtime()` in `@ecodrix/sdk` also reconnects). The answer is `101 Switching\nProtocols`, then the server sends frames: text messages each holding one `RealtimeFrame`\n(`{type, data}`: `message:new`, `message:status`, `conversation:updated`,\n`conversation:deleted`, `callback:attempt` as each callback attempt starts, and `resync` when\nframes may have been missed). Clients send nothing;\na message over 4 KiB closes the socket (1009).\n\n**Authentication**, either:\n- `x-api-key` + `x-client-code`, for server-side clients (a browser cannot set headers on a WebSocket);\n- `?token=` from `POST /api/saas/realtime/token`, for browsers, so the API key never reaches\n  one: the tenant's server asks for the token and hands it to its page. A token connects within\n  60 s of being issued (`ECODRIX_REALTIME_TOKEN_TTL_SECONDS`); the socket then stays open.\n\nA request carrying `Origin` (every browser's does) must come from one of the tenant's allowed\norigins (`POST /api/saas/cors`), else 403. Refusals are the usual error envelope, sent before\nanything is upgraded.\n\n**The socket.** Events from every node reach it (ADR 0019), a tenant's in the order they were\npublished. The server pings every 30 s (`ECODRIX_REALTIME_HEARTBEAT_MS`) and cuts a socket\nthat has not answered the previous ping. A client that does not read its frames is dropped once\n1 MiB waits for it (`ECODRIX_REALTIME_MAX_BUFFERED_BYTES`) with close code 1013 (try again\nlater) after what was already queued. A server shutting down closes its sockets with 1001 (going\naway). After any close, reconnect with backoff and fetch what is shown again: frames are not\nreplayed.\n\nA GET without `Upgrade: websocket` answers 426.\n",
  operationId: 'realtime.connect',
  responses: {
    101: {
      description:
        'The socket is open; frames follow as text messages, each a `RealtimeFrame` (`#/components/schemas/RealtimeFrame`).',
      headers: z.object({
        Upgrade: { schema: z.literal('websocket').exactOptional() },
        'Sec-WebSocket-Accept': {
          description: "The handshake's answer to `Sec-WebSocket-Key` (RFC 6455 §4.2.2).",
          schema: z
            .string()
            .exactOptional()
            .openapi({
              description: "The handshake's answer to `Sec-WebSocket-Key` (RFC 6455 §4.2.2).",
            }),
        },
      }),
    },
    400: {
      description:
        'Not a WebSocket handshake (a missing or malformed `Sec-WebSocket-Key`, a `Sec-WebSocket-Version` other than 13), or input the request guards refuse.',
      content: { 'application/json': { schema: ErrorEnvelopeSchema } },
    },
    401: UnauthorizedResponse,
    403: {
      description: "The request's `Origin` is not one of the tenant's allowed origins (FORBIDDEN).",
      content: {
        'application/json': {
          schema: ErrorEnvelopeSchema,
          example: {
            success: false,
            message:
              'Origin https://elsewhere.example is not allowed for this tenant (POST /api/saas/cors)',
            code: 'FORBIDDEN',
            requestId: '0d9c1b3e-6f1a-4c44-9f57-2f3c8a1f4b21',
          },
        },
      },
    },
    426: {
      description: 'A plain GET, without `Upgrade: websocket` (UPGRADE_REQUIRED).',
      headers: z.object({ Upgrade: { schema: z.literal('websocket').exactOptional() } }),
      content: { 'application/json': { schema: ErrorEnvelopeSchema } },
    },
    429: {
      description:
        'The tenant already has the most sockets one node allows (`ECODRIX_REALTIME_MAX_SOCKETS_PER_TENANT`, 1,000) open on this node (RATE_LIMITED).',
      content: { 'application/json': { schema: ErrorEnvelopeSchema } },
    },
    503: {
      description: 'This node is shutting down (SHUTTING_DOWN); connect again.',
      content: { 'application/json': { schema: ErrorEnvelopeSchema } },
    },
  },
  security: [{ ApiKey: [], ClientCode: [] }, { RealtimeToken: [] }],
})

export const postApiSaasRealtimeTokenRoute = createRoute({
  method: 'post',
  path: '/api/saas/realtime/token',
  tags: ['WhatsApp'],
  summary: "Issue a token for a browser's real-time socket",
  description:
    "For the tenant's server to hand to its browser page, which opens\n`GET /api/saas/realtime?token=<token>` without ever holding the API key. The token names only\nthis tenant, is signed by the server (nothing is stored) and connects until `expiresAt`, 60 s\nafter it was issued (`ECODRIX_REALTIME_TOKEN_TTL_SECONDS`); ask for a new one for each\nconnection. It grants the socket and nothing else.\n",
  operationId: 'realtime.createToken',
  request: { headers: z.object({ 'Idempotency-Key': IdempotencyKeyParamsSchema }) },
  responses: {
    200: {
      description: 'The token.',
      content: { 'application/json': { schema: RealtimeTokenEnvelopeSchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    409: ConflictResponse,
    413: PayloadTooLargeResponse,
    422: UnprocessableEntityResponse,
  },
})

export const getApiAuthGoogleConnectRoute = createRoute({
  method: 'get',
  path: '/api/auth/google/connect',
  tags: ['auth'],
  summary: "Start connecting a client's Google Calendar (the connect link)",
  description:
    "Onboarding step 4: the operator opens, in a browser, the link\n`POST /api/clients/{code}/google/connect-link` issued, signs in with the Google account whose\ncalendar will hold the client's meetings, and grants access to calendar events. The answer is\na redirect to Google's consent screen (offline access, so Google issues a refresh token);\nGoogle then sends the browser to `GET /api/auth/google/callback`.\n\n**Why it takes a token.** A browser following a link cannot send the admin bearer key, and\nputting it in a URL would leak it into browser history and logs. The link's `token` is one\nthe admin API issued for this client: it works once and for 10 minutes, so knowing a client\ncode is not enough to connect a Google account to it. Opening the link uses it up and starts\nthe consent: the `state` handed to Google is 256 random bits, stored (as a hash) with the\nclient code for 10 minutes and deleted by the callback that uses it, so a callback cannot be\nforged, replayed or pointed at another client.\n",
  operationId: 'auth.googleConnect',
  request: {
    query: z.object({
      clientCode: ClientCodeSchema.openapi({
        param: {
          name: 'clientCode',
          in: 'query',
          required: true,
          description: 'The client whose calendar is being connected.',
          schema: { $ref: '#/components/schemas/ClientCode' },
        },
      }),
      token: z
        .string()
        .min(1)
        .max(200)
        .openapi({
          param: {
            name: 'token',
            in: 'query',
            required: true,
            description: "The connect link's one-time token.",
            schema: { type: 'string', minLength: 1, maxLength: 200 },
          },
        }),
    }),
  },
  responses: {
    302: {
      description: "Redirect to Google's OAuth consent screen.",
      headers: z.object({
        Location: {
          description:
            '`https://accounts.google.com/o/oauth2/v2/auth` with `client_id`, `redirect_uri`\n(`<ECODRIX_PUBLIC_URL>/api/auth/google/callback`), `response_type=code`,\n`scope=https://www.googleapis.com/auth/calendar.events`, `access_type=offline`,\n`prompt=consent` and `state`.\n',
          required: true,
          schema: z
            .url()
            .openapi({
              description:
                '`https://accounts.google.com/o/oauth2/v2/auth` with `client_id`, `redirect_uri`\n(`<ECODRIX_PUBLIC_URL>/api/auth/google/callback`), `response_type=code`,\n`scope=https://www.googleapis.com/auth/calendar.events`, `access_type=offline`,\n`prompt=consent` and `state`.\n',
            }),
        },
      }),
    },
    400: BadRequestResponse,
    401: {
      description:
        'The token is unknown, expired, already used or issued for another client (UNAUTHORIZED):\nevery case answers alike. Issue a new link.\n',
      content: {
        'application/json': {
          schema: ErrorEnvelopeSchema,
          example: {
            success: false,
            message:
              'This connect link is unknown, expired or already used; start again with a link from POST /api/clients/nirvisham/google/connect-link (admin API)',
            code: 'UNAUTHORIZED',
            requestId: '0d9c1b3e-6f1a-4c44-9f57-2f3c8a1f4b21',
          },
        },
      },
    },
    422: {
      description:
        'The server has no Google OAuth client (GOOGLE_NOT_CONFIGURED; set GOOGLE_CLIENT_ID and GOOGLE_CLIENT_SECRET).',
      content: { 'application/json': { schema: ErrorEnvelopeSchema } },
    },
  },
  security: [],
})

export const getApiAuthGoogleCallbackRoute = createRoute({
  method: 'get',
  path: '/api/auth/google/callback',
  tags: ['auth'],
  summary: "Finish connecting a client's Google Calendar (OAuth redirect target)",
  description:
    "Where Google sends the browser after the consent started by a connect link\n(`GET /api/auth/google/connect`).\nThe `state` must be one that route issued in the last 10 minutes and not used yet. The\nauthorization `code` is exchanged for tokens and the refresh token is stored encrypted as the\nclient's `googleRefreshToken` secret (replacing any earlier one). A browser gets a small HTML\npage; a request with `Accept: application/json` gets the JSON envelope.\n",
  operationId: 'auth.googleCallback',
  request: {
    query: z.object({
      state: z
        .string()
        .min(1)
        .max(200)
        .openapi({
          param: {
            name: 'state',
            in: 'query',
            required: true,
            schema: { type: 'string', minLength: 1, maxLength: 200 },
          },
        }),
      code: z
        .string()
        .min(1)
        .max(2048)
        .exactOptional()
        .openapi({
          param: {
            name: 'code',
            in: 'query',
            required: false,
            description: 'The authorization code; absent when the consent was refused.',
            schema: { type: 'string', minLength: 1, maxLength: 2048 },
          },
        }),
      error: z
        .string()
        .max(200)
        .exactOptional()
        .openapi({
          param: {
            name: 'error',
            in: 'query',
            required: false,
            description: "Google's reason when no code was issued (e.g. `access_denied`).",
            schema: { type: 'string', maxLength: 200 },
          },
        }),
    }),
  },
  responses: {
    200: {
      description: "The client's Google Calendar is connected.",
      content: {
        'text/html': {
          schema: z.string(),
          example:
            '<!doctype html><title>Google Calendar connected</title><h1>Google Calendar connected for Nirvisham Clinics</h1>',
        },
        'application/json': {
          schema: SuccessEnvelopeSchema.and(
            z.object({ data: GoogleConnectionSchema }).openapi({ required: ['data'] }),
          ),
        },
      },
    },
    400: {
      description:
        "An unknown, expired or already used `state` (OAUTH_STATE_INVALID); or Google issued no usable\ngrant (GOOGLE_OAUTH_FAILED: consent refused, code rejected, calendar access not granted, or no\nrefresh token, in which case remove the app's access in the Google account and consent again).\n",
      content: {
        'application/json': {
          schema: ErrorEnvelopeSchema,
          example: {
            success: false,
            message:
              'The OAuth state is unknown, expired or already used; start again with a link from POST /api/clients/{code}/google/connect-link (admin API)',
            code: 'OAUTH_STATE_INVALID',
            requestId: '0d9c1b3e-6f1a-4c44-9f57-2f3c8a1f4b21',
          },
        },
      },
    },
    422: {
      description: 'The server has no Google OAuth client (GOOGLE_NOT_CONFIGURED).',
      content: { 'application/json': { schema: ErrorEnvelopeSchema } },
    },
    502: {
      description:
        "Google's token endpoint could not be reached or failed (GOOGLE_UNAVAILABLE); start again.",
      content: { 'application/json': { schema: ErrorEnvelopeSchema } },
    },
  },
  security: [],
})

export const workflowCompletedPostWebhook = {
  method: 'post',
  path: '/workflow.completed',
  tags: ['events'],
  summary: "A trigger's outcome, posted to its callbackUrl",
  description:
    "Sent when an event log with a `callbackUrl` finishes (`POST /api/saas/workflows/trigger`).\nThe request is signed twice with the tenant's webhook secret (`ClientCredentials.webhookSecret`):\n\n- **Standard Webhooks** (`webhook-id`, `webhook-timestamp`, `webhook-signature`): verify with\n  `new Webhook(secret).verify(rawBody, headers)` of the `standardwebhooks` package, the secret as\n  onboarding gave it, or with `verifyWebhook` from `@ecodrix/sdk/webhooks`;\n- **`x-ecodrix-signature`**: `sha256=` and the hex HMAC-SHA256 of the body keyed with the secret's\n  UTF-8 bytes (the API reference's Step 4).\n\nA 2xx answer within 15 s (`ECODRIX_CALLBACK_TIMEOUT_MS`) delivers it; anything else (a redirect\ntoo: none is followed) is retried after 5 s, 5 min, 30 min, 2 h, 5 h, 10 h and 10 h, with the same\n`webhook-id` and body and a new timestamp and signature. Attempts: `GET /api/saas/callbacks/logs`.\n",
  request: {
    headers: z.object({
      'webhook-id': z
        .uuid()
        .openapi({
          param: {
            name: 'webhook-id',
            in: 'header',
            required: true,
            description: "The delivery id (the body's `id`), the same on every retry.",
            schema: { type: 'string', format: 'uuid' },
          },
        }),
      'webhook-timestamp': z
        .string()
        .regex(/^[0-9]+$/)
        .openapi({
          param: {
            name: 'webhook-timestamp',
            in: 'header',
            required: true,
            description:
              'Unix seconds when this attempt was signed; refuse one too far from now (the SDK allows 300 s).',
            schema: { type: 'string', pattern: '^[0-9]+$' },
          },
        }),
      'webhook-signature': z
        .string()
        .regex(/^v1,[A-Za-z0-9+\/]{43}=$/)
        .openapi({
          param: {
            name: 'webhook-signature',
            in: 'header',
            required: true,
            description:
              '`v1,` and base64 of HMAC-SHA256 over `${webhook-id}.${webhook-timestamp}.${body}` (Standard Webhooks).',
            schema: { type: 'string', pattern: '^v1,[A-Za-z0-9+/]{43}=$' },
          },
        }),
      'x-ecodrix-signature': z
        .string()
        .regex(/^sha256=[0-9a-f]{64}$/)
        .openapi({
          param: {
            name: 'x-ecodrix-signature',
            in: 'header',
            required: true,
            description:
              "`sha256=` and the hex HMAC-SHA256 of the body, keyed with the secret's UTF-8 bytes.",
            schema: { type: 'string', pattern: '^sha256=[0-9a-f]{64}$' },
          },
        }),
      'user-agent': z
        .literal('ECODrIx-Webhooks/1')
        .openapi({
          param: {
            name: 'user-agent',
            in: 'header',
            required: true,
            schema: { type: 'string', const: 'ECODrIx-Webhooks/1' },
          },
        }),
    }),
    body: {
      content: { 'application/json': { schema: WorkflowCompletedCallbackSchema } },
      required: true,
    },
  },
  responses: {
    200: { description: 'Any 2xx answer delivers the callback; its body is not read.' },
    default: {
      description:
        'Any other answer, or none within the timeout, is retried on the schedule above.',
    },
  },
  security: [],
}

export const realtimeFramePostWebhook = {
  method: 'post',
  path: '/realtime.frame',
  tags: ['WhatsApp'],
  summary: 'A real-time inbox event (a frame of the WebSocket)',
  description:
    'Not an HTTP request ECODrIx makes: each text message of the WebSocket `GET /api/saas/realtime`\nis one of these JSON frames, listed here so that clients generated from this document have a type\nfor them (`type` tells which). Tools that forward frames to a local URL over HTTP post this body.\n',
  request: {
    body: { content: { 'application/json': { schema: RealtimeFrameSchema } }, required: true },
  },
  responses: { 200: { description: 'Received.' } },
  security: [],
}
