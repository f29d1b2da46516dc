// Runs the server's test suite against a real PostgreSQL: a fresh embedded cluster for this run
// (or the server DATABASE_URL names). Each test file then creates its own database in it.
import { spawn } from 'node:child_process'
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import pino from 'pino'
import { startEmbeddedPostgres } from '../src/platform/database/embedded-postgres'

function findTests(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) return findTests(path)
    return name.endsWith('.test.ts') ? [path] : []
  })
}

const root = join(import.meta.dirname, '..')
const filters = process.argv.slice(2)
const files = findTests(join(root, 'test'))
  .map((file) => relative(root, file))
  .filter((file) => filters.length === 0 || filters.some((filter) => file.includes(filter)))
  .sort()

let clusterDir: string | undefined
let stopCluster = async () => {}
let databaseUrl = process.env.DATABASE_URL
if (!databaseUrl) {
  clusterDir = mkdtempSync(join(tmpdir(), 'ecodrix-test-pg-'))
  const cluster = await startEmbeddedPostgres({ dir: clusterDir, logger: pino({ level: 'silent' }) })
  databaseUrl = cluster.connectionString
  stopCluster = cluster.stop
}

// --test-force-exit: Agenda leaves a timer of lockLifetime/2 behind each job it ran (its
// still-alive check), which would hold a finished test file open for minutes.
const child = spawn(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-force-exit', '--test-concurrency=3', '--test-timeout=120000', ...files],
  { cwd: root, stdio: 'inherit', env: { ...process.env, ECODRIX_TEST_DATABASE_URL: databaseUrl } },
)
const code: number = await new Promise((resolve) => child.on('exit', (exitCode) => resolve(exitCode ?? 1)))
await stopCluster()
if (clusterDir) rmSync(clusterDir, { recursive: true, force: true })
process.exit(code)
