import { z } from 'zod'

const masterKey = z
  .string()
  .trim()
  .transform((value, ctx) => {
    const bytes = /^[0-9a-fA-F]{64}$/.test(value) ? Buffer.from(value, 'hex') : Buffer.from(value, 'base64')
    if (bytes.length !== 32) {
      ctx.addIssue({ code: 'custom', message: 'must be 32 bytes, as 64 hex characters or base64' })
      return z.NEVER
    }
    return bytes
  })

const flag = z.enum(['true', 'false']).transform((value) => value === 'true')

/** "5s,5m,30m,2h" → milliseconds each. */
const durationList = z
  .string()
  .trim()
  .transform((value, ctx) => {
    const units: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }
    const parts = value.split(',').map((part) => /^(\d+)(ms|s|m|h)$/.exec(part.trim()))
    if (parts.length === 0 || parts.some((part) => !part)) {
      ctx.addIssue({ code: 'custom', message: 'must be a comma-separated list of durations such as 5s,5m,2h' })
      return z.NEVER
    }
    return parts.map((part) => Number(part![1]) * units[part![2]!]!)
  })

/** An http(s) URL: `z.url()` alone takes `minio:9000` (scheme `minio:`). */
const httpUrl = z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' })

const secret = (minLength: number) => z.string().trim().min(minLength, `must be at least ${minLength} characters`)

/** Environment variables the server reads, with their defaults. Parsed once at start-up. */
export const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATABASE_URL: z
    .string()
    .trim()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  ECODRIX_DATA_DIR: z.string().min(1).default('./.ecodrix'),
  ECODRIX_ADMIN_KEY: secret(24).optional(),
  ECODRIX_MASTER_KEY: masterKey.optional(),
  ECODRIX_ROLE: z.enum(['all', 'api', 'worker']).default('all'),
  ECODRIX_BODY_LIMIT_BYTES: z.coerce.number().int().min(1024).max(100 * 1024 * 1024).default(1024 * 1024),
  ECODRIX_DB_POOL_MAX: z.coerce.number().int().min(2).max(200).default(10),
  ECODRIX_DATASOURCE_POOL_MAX: z.coerce.number().int().min(1).max(50).default(5),
  ECODRIX_JOB_LEASE_MS: z.coerce.number().int().min(1_000).default(60_000),
  ECODRIX_SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(0).default(15_000),
  ECODRIX_HTTP_HEADERS_TIMEOUT_MS: z.coerce.number().int().min(100).default(10_000),
  ECODRIX_HTTP_REQUEST_TIMEOUT_MS: z.coerce.number().int().min(100).default(60_000),
  ECODRIX_HTTP_KEEP_ALIVE_TIMEOUT_MS: z.coerce.number().int().min(100).default(5_000),
  ECODRIX_HTTP_MAX_CONNECTIONS: z.coerce.number().int().min(1).default(4_096),
  ECODRIX_HTTP_MAX_REQUESTS_PER_SOCKET: z.coerce.number().int().min(0).default(1_000),
  WHATSAPP_GRAPH_URL: z.url().default('https://graph.facebook.com/v21.0'),
  WHATSAPP_VERIFY_TOKEN: secret(8).optional(),
  WHATSAPP_APP_SECRET: secret(8).optional(),
  WHATSAPP_WEBHOOK_RETRY_SCHEDULE: durationList.default([5_000, 30_000, 120_000, 600_000]),
  WHATSAPP_SEND_RETRY_SCHEDULE: durationList.default([1_000, 2_000, 4_000, 8_000, 15_000, 30_000, 60_000, 120_000, 300_000, 600_000]),
  ECODRIX_PUBLIC_URL: z.url().optional(),
  ECODRIX_TRIGGER_RATE_LIMIT: z.coerce.number().int().min(1).default(60),
  ECODRIX_IDEMPOTENCY_TTL_HOURS: z.coerce.number().min(1).max(24 * 30).default(24),
  ECODRIX_JOB_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
  ECODRIX_AUTOMATION_MAX_DEPTH: z.coerce.number().int().min(1).max(20).default(5),
  ECODRIX_ALLOW_PRIVATE_CALLBACKS: flag.default(false),
  ECODRIX_CALLBACK_TIMEOUT_MS: z.coerce.number().int().min(100).default(15_000),
  ECODRIX_CALLBACK_RETRY_SCHEDULE: durationList.default([5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000]),
  GOOGLE_CLIENT_ID: secret(1).optional(),
  GOOGLE_CLIENT_SECRET: secret(1).optional(),
  ECODRIX_UPLOAD_LIMIT_BYTES: z.coerce.number().int().min(1024).max(1024 * 1024 * 1024).default(100 * 1024 * 1024),
  S3_BUCKET: z.string().trim().min(1).optional(),
  S3_ENDPOINT: httpUrl.optional(),
  S3_REGION: z.string().trim().min(1).default('us-east-1'),
  S3_ACCESS_KEY_ID: secret(1).optional(),
  S3_SECRET_ACCESS_KEY: secret(1).optional(),
  S3_PUBLIC_URL: httpUrl.optional(),
  S3_FORCE_PATH_STYLE: flag.default(false),
  ECODRIX_REALTIME_HEARTBEAT_MS: z.coerce.number().int().min(100).default(30_000),
  ECODRIX_REALTIME_MAX_SOCKETS_PER_TENANT: z.coerce.number().int().min(1).default(1_000),
  ECODRIX_REALTIME_MAX_BUFFERED_BYTES: z.coerce.number().int().min(1024).default(1024 * 1024),
  ECODRIX_REALTIME_TOKEN_TTL_SECONDS: z.coerce.number().int().min(1).max(3_600).default(60),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
})

export type Env = z.infer<typeof envSchema>

/** What the HTTP server allows a client (Node's http.Server settings). */
export interface HttpLimits {
  /** From a request's first byte (or the connection's opening) to the end of its headers. */
  headersTimeoutMs: number
  /** From a request's first byte to the end of its body. */
  requestTimeoutMs: number
  /** How long an idle keep-alive connection is kept open (announced in `Keep-Alive: timeout=`). */
  keepAliveTimeoutMs: number
  /** Open connections; past it new ones are closed at once. */
  maxConnections: number
  /** Requests served on one connection before it is closed (`Connection: close`); 0 for no limit. */
  maxRequestsPerSocket: number
}

/** An S3-compatible bucket media is kept in (`S3_*`). */
export interface S3Storage {
  bucket: string
  region: string
  /** Absent for AWS itself; the URL of MinIO, R2… otherwise. */
  endpoint: string | undefined
  /** Bucket in the path (`endpoint/bucket/key`) rather than the host name, as most non-AWS servers need. */
  forcePathStyle: boolean
  /** Absent: the AWS SDK's default chain (environment, instance role…). */
  credentials: { accessKeyId: string; secretAccessKey: string } | undefined
  /** Where the bucket's objects are publicly readable; absent, the server streams them. */
  publicUrl: string | undefined
}

/** The tenants' real-time sockets (`GET /api/saas/realtime`, ADR 0019). */
export interface RealtimeLimits {
  /** A ping every this often; a socket that has not answered the previous one is cut. */
  heartbeatMs: number
  /** Sockets one tenant may have open on one node; past it the upgrade is refused (429). */
  maxSocketsPerTenant: number
  /** Bytes queued for one socket past which it is dropped (close 1013) instead of queuing more. */
  maxBufferedBytes: number
  /** How long a `POST /api/saas/realtime/token` token can be used to connect. */
  tokenTtlMs: number
}

/** The resolved configuration every factory receives. Keys are always present here. */
export interface Config {
  env: Env['NODE_ENV']
  port: number
  host: string
  databaseUrl: string | undefined
  dataDir: string
  adminKey: string
  masterKey: Buffer
  role: Env['ECODRIX_ROLE']
  bodyLimitBytes: number
  dbPoolMax: number
  datasourcePoolMax: number
  shutdownTimeoutMs: number
  http: HttpLimits
  whatsappGraphUrl: string
  /** Meta's webhook handshake token for every tenant (besides each tenant's `whatsappWebhookToken`). */
  whatsappVerifyToken: string | undefined
  /** The Meta app's secret webhook deliveries are signed with, for tenants without `whatsappAppSecret`. */
  whatsappAppSecret: string | undefined
  /** Delay before each retry of a webhook delivery whose processing failed; its length is the number of retries. */
  whatsappWebhookRetryScheduleMs: number[]
  /** Delay before each new attempt of a message Graph throttled or could not take; past the last it fails. */
  whatsappSendRetryScheduleMs: number[]
  /** Base URL this server is reached at (OAuth redirect URIs). */
  publicUrl: string
  /** Triggers per minute per tenant. */
  triggerRateLimit: number
  idempotencyTtlMs: number
  /** A batch-claimed job whose worker stops renewing its claim (it died) is claimed again after this. */
  jobLeaseMs: number
  /** Finished one-off jobs (and so their status) are kept this long, then purged. */
  jobRetentionMs: number
  /** How deep automation-caused CRM events may re-fire automations. */
  automationMaxDepth: number
  allowPrivateCallbacks: boolean
  callbackTimeoutMs: number
  /** Delay before each retry of a failed callback; its length is the number of retries. */
  callbackRetryScheduleMs: number[]
  /** Google OAuth client for Meet links; absent means Meet is not available. */
  google: { clientId: string; clientSecret: string } | undefined
  media: {
    /** The upload route's body limit (the largest WhatsApp document is 100 MB). */
    uploadLimitBytes: number
    /** Absent: files under `<dataDir>/media`. */
    storage: S3Storage | undefined
  }
  realtime: RealtimeLimits
  logLevel: Env['LOG_LEVEL']
}
