import { type ChildProcess, execFileSync, spawn } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { waitFor } from './wait-for'

const serverRoot = join(import.meta.dirname, '..', '..')
const repoRoot = join(serverRoot, '..', '..')

export interface ServerProcess {
  /** `node … src/main.ts` itself, or the `npm start` process that runs it. */
  child: ChildProcess
  output(): string
  /** The exit code (null when a signal ended it). */
  exited(): Promise<number | null>
}

/**
 * The server as a process of its own, with `env` over this one's (less DATABASE_URL unless `env`
 * gives one, so the embedded PostgreSQL starts under ECODRIX_DATA_DIR): `node --import tsx
 * src/main.ts`, or `npm start` at the repository root, as a user runs it.
 */
export function startServerProcess(env: Record<string, string>, how: 'node' | 'npm start' = 'node'): ServerProcess {
  const { DATABASE_URL: _ignored, ...inherited } = process.env
  const [command, args, cwd] = how === 'node' ? [process.execPath, ['--import', 'tsx', 'src/main.ts'], serverRoot] : ['npm', ['start'], repoRoot]
  const child = spawn(command, args, { cwd, env: { ...inherited, LOG_LEVEL: 'warn', ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  child.stdout.on('data', (chunk) => (output += chunk))
  child.stderr.on('data', (chunk) => (output += chunk))
  const exit = new Promise<number | null>((resolve) => (child.exitCode !== null ? resolve(child.exitCode) : child.on('exit', resolve)))
  return { child, output: () => output, exited: () => exit }
}

/** Everything one start of the server process prints until it listens (or exits); then it is stopped. */
export async function outputOfOneStart(env: Record<string, string>): Promise<string> {
  const server = startServerProcess({ PORT: '0', ...env })
  try {
    await waitFor('the server to say where it listens', () => /listening on http/.test(server.output()) || server.child.exitCode !== null, 60_000)
  } finally {
    server.child.kill('SIGTERM')
    await server.exited()
  }
  return server.output()
}

/** The URL the server prints once it listens. */
export async function listeningUrl(server: ServerProcess): Promise<string> {
  const [, url] = await waitFor('the server to say where it listens', () => server.output().match(/listening on (http:\/\/\S+)/), 60_000)
  return url!
}

export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0)
  } catch {
    return false
  }
  // An exited process not yet reaped by its parent (a zombie) still answers kill 0.
  const stat = `/proc/${pid}/stat`
  return !existsSync(stat) || !/\) Z /.test(readFileSync(stat, 'utf8'))
}

/** The pid of the embedded PostgreSQL running on the data dir's cluster, from its lock file. */
export function postmasterPid(dataDir: string): number | undefined {
  const lockFile = join(dataDir, 'postgres', 'cluster', 'postmaster.pid')
  return existsSync(lockFile) ? Number(readFileSync(lockFile, 'utf8').split('\n')[0]) : undefined
}

/** Processes whose parent is `pid` (Linux `pgrep`). */
export function childPids(pid: number): number[] {
  try {
    return execFileSync('pgrep', ['-P', String(pid)], { encoding: 'utf8' }).trim().split('\n').map(Number)
  } catch {
    return []
  }
}
