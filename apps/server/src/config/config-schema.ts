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
  ECODRIX_SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(0).default(15_000),
  WHATSAPP_GRAPH_URL: z.url().default('https://graph.facebook.com/v21.0'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
})

export type Env = z.infer<typeof envSchema>

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
  whatsappGraphUrl: string
  logLevel: Env['LOG_LEVEL']
}
