import { randomBytes } from 'node:crypto'
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { z } from 'zod'
import { type Config, envSchema } from './config-schema'
import { mediaConfig } from './media-config'

export class ConfigError extends Error {
  override name = 'ConfigError'
}

export interface LoadedConfig {
  config: Config
  /**
   * Where the admin key is kept when it is not the environment's; `generated` on the start that
   * created it (the one start that may show it).
   */
  storedAdminKey: { file: string; generated: boolean } | undefined
}

const storedKeysSchema = z.object({ adminKey: z.string().min(24), masterKey: z.string().regex(/^[0-9a-f]{64}$/) })

/**
 * Outside production a missing admin or master key is generated once and kept in the data dir,
 * so a new user's `npm start` needs no setup and restarts keep decrypting the same secrets.
 */
function keysFromDataDir(dataDir: string): { adminKey: string; masterKey: string; file: string; generated: boolean } {
  const file = join(dataDir, 'keys.json')
  if (existsSync(file)) {
    const parsed = storedKeysSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')))
    if (!parsed.success) throw new ConfigError(`${file} is not a valid keys file; remove it or set the keys`)
    return { ...parsed.data, file, generated: false }
  }
  mkdirSync(dataDir, { recursive: true })
  const keys = { adminKey: `adm_${randomBytes(24).toString('base64url')}`, masterKey: randomBytes(32).toString('hex') }
  writeFileSync(file, `${JSON.stringify(keys, null, 2)}\n`, { mode: 0o600 })
  chmodSync(file, 0o600)
  return { ...keys, file, generated: true }
}

export function loadConfig(environment: NodeJS.ProcessEnv): LoadedConfig {
  const parsed = envSchema.safeParse(environment)
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`)
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`)
  }
  const env = parsed.data
  const dataDir = resolve(env.ECODRIX_DATA_DIR)
  let adminKey = env.ECODRIX_ADMIN_KEY
  let masterKey = env.ECODRIX_MASTER_KEY
  let storedAdminKey: LoadedConfig['storedAdminKey']

  if (!adminKey || !masterKey) {
    if (env.NODE_ENV === 'production') {
      const missing = [!adminKey && 'ECODRIX_ADMIN_KEY', !masterKey && 'ECODRIX_MASTER_KEY'].filter(Boolean)
      throw new ConfigError(`NODE_ENV=production requires ${missing.join(' and ')} to be set`)
    }
    const stored = keysFromDataDir(dataDir)
    if (!adminKey) {
      adminKey = stored.adminKey
      storedAdminKey = { file: stored.file, generated: stored.generated }
    }
    masterKey ??= Buffer.from(stored.masterKey, 'hex')
  }

  if (env.ECODRIX_HTTP_HEADERS_TIMEOUT_MS > env.ECODRIX_HTTP_REQUEST_TIMEOUT_MS) {
    throw new ConfigError('ECODRIX_HTTP_HEADERS_TIMEOUT_MS must not exceed ECODRIX_HTTP_REQUEST_TIMEOUT_MS')
  }
  if (Boolean(env.GOOGLE_CLIENT_ID) !== Boolean(env.GOOGLE_CLIENT_SECRET)) {
    throw new ConfigError('GOOGLE_CLIENT_ID and GOOGLE_CLIENT_SECRET must be set together')
  }

  return {
    storedAdminKey,
    config: {
      env: env.NODE_ENV,
      port: env.PORT,
      host: env.HOST,
      databaseUrl: env.DATABASE_URL,
      dataDir,
      adminKey,
      masterKey,
      role: env.ECODRIX_ROLE,
      bodyLimitBytes: env.ECODRIX_BODY_LIMIT_BYTES,
      dbPoolMax: env.ECODRIX_DB_POOL_MAX,
      datasourcePoolMax: env.ECODRIX_DATASOURCE_POOL_MAX,
      shutdownTimeoutMs: env.ECODRIX_SHUTDOWN_TIMEOUT_MS,
      http: {
        headersTimeoutMs: env.ECODRIX_HTTP_HEADERS_TIMEOUT_MS,
        requestTimeoutMs: env.ECODRIX_HTTP_REQUEST_TIMEOUT_MS,
        keepAliveTimeoutMs: env.ECODRIX_HTTP_KEEP_ALIVE_TIMEOUT_MS,
        maxConnections: env.ECODRIX_HTTP_MAX_CONNECTIONS,
        maxRequestsPerSocket: env.ECODRIX_HTTP_MAX_REQUESTS_PER_SOCKET,
      },
      whatsappGraphUrl: env.WHATSAPP_GRAPH_URL.replace(/\/+$/, ''),
      whatsappVerifyToken: env.WHATSAPP_VERIFY_TOKEN,
      whatsappAppSecret: env.WHATSAPP_APP_SECRET,
      whatsappWebhookRetryScheduleMs: env.WHATSAPP_WEBHOOK_RETRY_SCHEDULE,
      whatsappSendRetryScheduleMs: env.WHATSAPP_SEND_RETRY_SCHEDULE,
      publicUrl: (env.ECODRIX_PUBLIC_URL ?? `http://localhost:${env.PORT}`).replace(/\/+$/, ''),
      triggerRateLimit: env.ECODRIX_TRIGGER_RATE_LIMIT,
      idempotencyTtlMs: env.ECODRIX_IDEMPOTENCY_TTL_HOURS * 3_600_000,
      jobLeaseMs: env.ECODRIX_JOB_LEASE_MS,
      jobRetentionMs: env.ECODRIX_JOB_RETENTION_DAYS * 86_400_000,
      automationMaxDepth: env.ECODRIX_AUTOMATION_MAX_DEPTH,
      allowPrivateCallbacks: env.ECODRIX_ALLOW_PRIVATE_CALLBACKS,
      callbackTimeoutMs: env.ECODRIX_CALLBACK_TIMEOUT_MS,
      callbackRetryScheduleMs: env.ECODRIX_CALLBACK_RETRY_SCHEDULE,
      google:
        env.GOOGLE_CLIENT_ID && env.GOOGLE_CLIENT_SECRET
          ? { clientId: env.GOOGLE_CLIENT_ID, clientSecret: env.GOOGLE_CLIENT_SECRET }
          : undefined,
      logLevel: env.LOG_LEVEL,
      realtime: {
        heartbeatMs: env.ECODRIX_REALTIME_HEARTBEAT_MS,
        maxSocketsPerTenant: env.ECODRIX_REALTIME_MAX_SOCKETS_PER_TENANT,
        maxBufferedBytes: env.ECODRIX_REALTIME_MAX_BUFFERED_BYTES,
        tokenTtlMs: env.ECODRIX_REALTIME_TOKEN_TTL_SECONDS * 1000,
      },
      media: mediaConfig(env, (message) => {
        throw new ConfigError(message)
      }),
    },
  }
}

/** What start-up says about a stored admin key: the key itself only on the start that generated it. */
export function adminKeyNotice(adminKey: string, stored: { file: string; generated: boolean }): string {
  const own = 'set ECODRIX_ADMIN_KEY to use your own'
  if (stored.generated) return `Admin key: ${adminKey}\n  (generated now and kept in ${stored.file}; it is not shown again; ${own})\n`
  return `Admin key: kept in ${stored.file} (${own})\n`
}
