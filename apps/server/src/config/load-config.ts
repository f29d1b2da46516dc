import { randomBytes } from 'node:crypto'
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { z } from 'zod'
import { type Config, envSchema } from './config-schema'

export class ConfigError extends Error {
  override name = 'ConfigError'
}

export interface LoadedConfig {
  config: Config
  /** Set when keys were generated or read from the data dir instead of the environment. */
  generatedKeysFile: string | undefined
}

const storedKeysSchema = z.object({ adminKey: z.string().min(24), masterKey: z.string().regex(/^[0-9a-f]{64}$/) })

/**
 * Outside production a missing admin or master key is generated once and kept in the data dir,
 * so a new user's `npm start` needs no setup and restarts keep decrypting the same secrets.
 */
function keysFromDataDir(dataDir: string): { adminKey: string; masterKey: string; file: string } {
  const file = join(dataDir, 'keys.json')
  if (existsSync(file)) {
    const parsed = storedKeysSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')))
    if (!parsed.success) throw new ConfigError(`${file} is not a valid keys file; remove it or set the keys`)
    return { ...parsed.data, file }
  }
  mkdirSync(dataDir, { recursive: true })
  const keys = { adminKey: `adm_${randomBytes(24).toString('base64url')}`, masterKey: randomBytes(32).toString('hex') }
  writeFileSync(file, `${JSON.stringify(keys, null, 2)}\n`, { mode: 0o600 })
  chmodSync(file, 0o600)
  return { ...keys, file }
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
  let generatedKeysFile: string | undefined

  if (!adminKey || !masterKey) {
    if (env.NODE_ENV === 'production') {
      const missing = [!adminKey && 'ECODRIX_ADMIN_KEY', !masterKey && 'ECODRIX_MASTER_KEY'].filter(Boolean)
      throw new ConfigError(`NODE_ENV=production requires ${missing.join(' and ')} to be set`)
    }
    const stored = keysFromDataDir(dataDir)
    adminKey ??= stored.adminKey
    masterKey ??= Buffer.from(stored.masterKey, 'hex')
    generatedKeysFile = stored.file
  }

  if (Boolean(env.GOOGLE_CLIENT_ID) !== Boolean(env.GOOGLE_CLIENT_SECRET)) {
    throw new ConfigError('GOOGLE_CLIENT_ID and GOOGLE_CLIENT_SECRET must be set together')
  }

  return {
    generatedKeysFile,
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
      whatsappGraphUrl: env.WHATSAPP_GRAPH_URL.replace(/\/+$/, ''),
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
    },
  }
}
