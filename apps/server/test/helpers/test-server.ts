import { randomBytes } from 'node:crypto'
import { chmodSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pino from 'pino'
import type { Config } from '../../src/config/config-schema'
import { type RunningServer, type StartOptions, startServer } from '../../src/server'
import { createTestDatabase } from './test-database'

export interface TestServer extends RunningServer {
  url: string
  config: Config
}

/** A temporary data dir the embedded PostgreSQL (run as `postgres` under root) can traverse. */
export function tempDataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'ecodrix-test-data-'))
  chmodSync(dir, 0o755)
  return dir
}

export function testConfig(overrides: Partial<Config> = {}): Config {
  return {
    env: 'test',
    port: 0,
    host: '127.0.0.1',
    databaseUrl: undefined,
    dataDir: tempDataDir(),
    adminKey: `adm_${randomBytes(24).toString('base64url')}`,
    masterKey: randomBytes(32),
    role: 'all',
    bodyLimitBytes: 1024 * 1024,
    dbPoolMax: 10,
    datasourcePoolMax: 2,
    shutdownTimeoutMs: 5_000,
    http: { headersTimeoutMs: 10_000, requestTimeoutMs: 60_000, keepAliveTimeoutMs: 5_000, maxConnections: 4_096, maxRequestsPerSocket: 1_000 },
    whatsappGraphUrl: 'https://graph.facebook.com/v21.0',
    whatsappVerifyToken: undefined,
    whatsappAppSecret: undefined,
    whatsappWebhookRetryScheduleMs: [100, 200],
    whatsappSendRetryScheduleMs: [200, 400, 800],
    publicUrl: 'http://localhost:3000',
    triggerRateLimit: 60,
    idempotencyTtlMs: 24 * 3_600_000,
    jobLeaseMs: 60_000,
    jobRetentionMs: 30 * 86_400_000,
    automationMaxDepth: 5,
    allowPrivateCallbacks: true,
    callbackTimeoutMs: 15_000,
    callbackRetryScheduleMs: [200, 400, 800],
    google: undefined,
    logLevel: 'silent',
    realtime: { heartbeatMs: 30_000, maxSocketsPerTenant: 1_000, maxBufferedBytes: 1024 * 1024, tokenTtlMs: 60_000 },
    media: { uploadLimitBytes: 100 * 1024 * 1024, storage: undefined },
    ...overrides,
  }
}

/** The real server on a random port, on its own fresh database. */
export async function startTestServer(overrides: Partial<Config> = {}, options: StartOptions = {}): Promise<TestServer> {
  const config = testConfig({ databaseUrl: await createTestDatabase(), ...overrides })
  const server = await startServer(config, {
    logger: pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }),
    ...options,
  })
  if (!server.url) throw new Error('test server has no HTTP listener')
  return { ...server, url: server.url, config }
}
