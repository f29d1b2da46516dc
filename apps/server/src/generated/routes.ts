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

export const SecretsStatusSchema = z
  .object({
    whatsappToken: z.boolean(),
    whatsappBusinessId: z.boolean(),
    whatsappPhoneNumberId: z.boolean(),
    whatsappWebhookToken: z.boolean(),
    smtpHost: z.boolean(),
    smtpPort: z.boolean(),
    smtpUser: z.boolean(),
    smtpPass: z.boolean(),
    smtpFrom: z.boolean(),
    automationWebhookSecret: z.boolean(),
  })
  .openapi({
    description: 'Which secrets are set (true) or not (false). Values are never shown.',
    required: [
      'whatsappToken',
      'whatsappBusinessId',
      'whatsappPhoneNumberId',
      'whatsappWebhookToken',
      'smtpHost',
      'smtpPort',
      'smtpUser',
      'smtpPass',
      'smtpFrom',
      'automationWebhookSecret',
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
    required: ['clientCode', 'name', 'status', 'createdAt', 'secrets', 'datasource', 'corsOrigins'],
    example: {
      clientCode: 'nirvisham',
      name: 'Nirvisham Clinics',
      status: 'active',
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
    apiKey: z
      .string()
      .openapi({
        description: 'Send as `x-api-key`. Stored only as a hash; it cannot be shown again.',
      }),
    webhookSecret: z
      .string()
      .openapi({
        description:
          'Signs callbacks (`x-ecodrix-signature`). Also stored as the `automationWebhookSecret` secret.',
      }),
    createdAt: z.iso.datetime(),
  })
  .openapi({
    description:
      "A new tenant's credentials. `apiKey` and `webhookSecret` are shown only in this answer.",
    required: ['clientCode', 'name', 'apiKey', 'webhookSecret', 'createdAt'],
    example: {
      clientCode: 'nirvisham',
      name: 'Nirvisham Clinics',
      apiKey: 'ecx_3q2x9Yl0v8mX1m0bq7VvZpWf6hQ4cB2nR5tJ8kL1sA0',
      webhookSecret: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
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

export const CorsOriginRequestSchema = z
  .strictObject({
    url: z
      .url()
      .max(2048)
      .openapi({ description: 'An http(s) URL; only its origin (scheme, host, port) is kept.' }),
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
    code: z
      .string()
      .openapi({
        description: 'Stable machine-readable code (UNAUTHORIZED, VALIDATION_ERROR, NOT_FOUND, …).',
        example: 'VALIDATION_ERROR',
      }),
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
    whatsappWebhookToken: z.string().min(1).max(256).nullable().exactOptional(),
    smtpHost: z.string().min(1).max(255).nullable().exactOptional(),
    smtpPort: z.int().min(1).max(65535).nullable().exactOptional(),
    smtpUser: z.string().min(1).max(255).nullable().exactOptional(),
    smtpPass: z.string().min(1).max(1024).nullable().exactOptional(),
    smtpFrom: z.string().min(3).max(320).nullable().exactOptional(),
    automationWebhookSecret: z
      .string()
      .regex(/^[0-9a-fA-F]{32,128}$/)
      .nullable()
      .exactOptional()
      .openapi({ description: '32 to 128 hexadecimal characters.' }),
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

export const BadRequestResponse = {
  description:
    'Malformed JSON (INVALID_JSON) or a request that breaks the schema (VALIDATION_ERROR, with details).',
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
  description: 'The request conflicts with existing data.',
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
  description: 'An unexpected failure; the answer carries a request id to quote, never internals.',
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
  description: 'No such resource (or it belongs to another tenant).',
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
  description: 'The body is larger than the server accepts (1 MiB by default).',
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
  description: 'A dependency (the database) is unreachable.',
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
  description: 'Missing or invalid credentials. Every failure answers alike.',
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
  description: 'The request is well-formed but cannot be carried out.',
  content: {
    'application/json': {
      schema: ErrorEnvelopeSchema,
      example: {
        success: false,
        message: 'The database could not be reached',
        code: 'UNPROCESSABLE',
        requestId: '0d9c1b3e-6f1a-4c44-9f57-2f3c8a1f4b21',
      },
    },
  },
}

export const ClientCodePathParamsSchema = ClientCodeSchema.openapi({
  param: {
    name: 'code',
    in: 'path',
    required: true,
    description: "The client's code.",
    schema: { $ref: '#/components/schemas/ClientCode' },
  },
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

export const AdminBearerSecurityScheme = {
  type: 'http',
  scheme: 'bearer',
  description: '`Authorization: Bearer <ECODRIX_ADMIN_KEY>` for platform administration.',
}

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
    413: PayloadTooLargeResponse,
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

export const postApiClientsCodeSecretsRoute = createRoute({
  method: 'post',
  path: '/api/clients/{code}/secrets',
  tags: ['clients'],
  summary: "Set a client's secrets",
  description:
    'Stores the given secrets encrypted (AES-256-GCM under the master key); `null` removes one.\nThe answer says which secrets are set, never their values.\n',
  operationId: 'clients.setSecrets',
  request: {
    params: z.object({ code: ClientCodePathParamsSchema }),
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
    413: PayloadTooLargeResponse,
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
  },
  security: [{ AdminBearer: [] }],
})
