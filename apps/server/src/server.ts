import { join } from 'node:path'
import type { Logger } from 'pino'
import type { Config } from './config/config-schema'
import { createNodeCache } from './platform/cache/node-cache'
import { createSecretBox } from './platform/crypto/secret-box'
import { createKysely, createPool } from './platform/database/connect'
import type { ControlTables } from './platform/database/control-tables'
import { type PostgresServer, startEmbeddedPostgres } from './platform/database/embedded-postgres'
import { verifyMasterKey } from './platform/database/master-key-check'
import { migrateSchema } from './platform/database/migrate'
import { controlMigrations } from './platform/database/migrations'
import { createTenantDatabases } from './platform/database/tenant-databases'
import { waitForDatabase } from './platform/database/wait-for-database'
import { createApp } from './platform/http/create-app'
import { listenHttp } from './platform/http/http-server'
import { createJobs } from './platform/jobs/jobs'
import { createLogger } from './platform/logger'
import { createMediaStorage } from './platform/media-storage/create-media-storage'
import { createOutbox } from './platform/outbox/outbox'
import type { Platform } from './platform/platform'
import { type Realtime, startRealtime } from './platform/realtime/realtime'
import { modules } from './modules'

export interface RunningServer {
  /** Base URL of the HTTP API; undefined for the worker role. */
  url: string | undefined
  platform: Platform
  app: ReturnType<typeof createApp>
  /** The node's real-time sockets; undefined for the worker role (which publishes, and holds none). */
  realtime: Realtime | undefined
  stop(): Promise<void>
}

export interface StartOptions {
  logger?: Logger
  fetch?: typeof fetch
}

/** Waits for `work` at most `ms`; past that, reports and moves on so shutdown always ends. */
async function withinTimeout(work: Promise<unknown>, ms: number, onTimeout: () => void): Promise<void> {
  let timer: NodeJS.Timeout | undefined
  const expired = new Promise<'expired'>((resolve) => {
    timer = setTimeout(() => resolve('expired'), ms)
  })
  const outcome = await Promise.race([work.then(() => 'done' as const), expired])
  clearTimeout(timer)
  if (outcome === 'expired') onTimeout()
}

/**
 * Boots everything in order: database (embedded unless DATABASE_URL), platform migrations, the
 * master-key check, each module's start-up (tenant migrations first), jobs, then HTTP. `stop` undoes it in reverse, letting
 * in-flight requests and running jobs finish.
 */
export async function startServer(config: Config, options: StartOptions = {}): Promise<RunningServer> {
  const logger = options.logger ?? createLogger(config)
  let embedded: PostgresServer | undefined
  if (!config.databaseUrl) embedded = await startEmbeddedPostgres({ dir: join(config.dataDir, 'postgres'), logger })
  const connectionString = config.databaseUrl ?? embedded!.connectionString

  const pool = createPool(connectionString, config.dbPoolMax)
  const db = createKysely<ControlTables>(pool)
  const secretBox = createSecretBox(config.masterKey)
  const stopDatabase = async () => {
    // A client never released (a job listener reconnecting mid-shutdown) would hold pool.end() forever.
    await withinTimeout(db.destroy(), config.shutdownTimeoutMs, () => logger.warn('database pool did not close in time'))
    await embedded?.stop()
  }
  try {
    await waitForDatabase(db)
    await migrateSchema(db, 'public', controlMigrations)
    await verifyMasterKey(db, secretBox)
  } catch (error) {
    await stopDatabase()
    throw error
  }

  const tenants = createTenantDatabases({ platformDb: db, poolMax: config.datasourcePoolMax })
  // Leaves the pool two connections beyond the batch worker's jobs (Agenda's own claims, requests on an 'all' node).
  const concurrency = Math.max(1, config.dbPoolMax - 2)
  const jobs = await createJobs({ pool, db, logger, name: `${config.role}-${process.pid}`, concurrency, leaseMs: config.jobLeaseMs })
  const platform: Platform = {
    config,
    logger,
    db,
    tenants,
    secretBox,
    jobs,
    cache: await createNodeCache({ connectionString, logger }),
    outbox: createOutbox(),
    // Resolved per call, so a network-edge interceptor installed later (msw in tests) still applies.
    fetch: options.fetch ?? ((input, init) => globalThis.fetch(input, init)),
    mediaStorage: await createMediaStorage(config),
    startedAt: new Date(),
  }
  for (const module of modules) await module.start?.(platform)
  await jobs.register(platform, modules.flatMap((module) => module.jobs ?? []))
  if (config.role === 'api') await jobs.startPublishing()
  else await jobs.startProcessing()

  const app = createApp(platform, modules)
  const realtime = config.role === 'worker' ? undefined : await startRealtime({ connectionString, db, logger, limits: config.realtime })
  const http = realtime
    ? await listenHttp(app.fetch, { port: config.port, hostname: config.host, limits: config.http, onUpgrade: realtime.upgrades(app.fetch) })
    : undefined
  const url = http && `http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${http.port}`
  logger.info({ url, role: config.role, embedded: Boolean(embedded) }, 'ECODrIx started')

  let stopping: Promise<void> | undefined
  const stop = () => {
    stopping ??= (async () => {
      logger.info('shutting down')
      // The sockets are closed (1001) while HTTP stops: its close waits for every connection, theirs too.
      await Promise.all([http?.close(config.shutdownTimeoutMs), realtime?.close()])
      await withinTimeout(jobs.stop(config.shutdownTimeoutMs), config.shutdownTimeoutMs * 2, () =>
        logger.warn('job scheduler did not stop in time'),
      )
      await platform.cache.close()
      await tenants.close()
      await stopDatabase()
      logger.info('stopped')
    })()
    return stopping
  }
  return { url, platform, app, realtime, stop }
}
