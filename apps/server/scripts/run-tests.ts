// Runs the server's test suite against a real PostgreSQL: a fresh embedded cluster for this run
// (or the server DATABASE_URL names). Each test file then creates its own database in it.
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import pino from 'pino'
import { startEmbeddedPostgres } from '../src/platform/database/embedded-postgres'

function filesUnder(path: string): string[] {
  if (!existsSync(path)) return []
  if (!statSync(path).isDirectory()) return [path]
  return readdirSync(path).flatMap((name) => filesUnder(join(path, name)))
}

const modified = (paths: string[]) => paths.flatMap(filesUnder).map((file) => statSync(file).mtimeMs)

/**
 * The tests import `@ecodrix/sdk`, which resolves to its built `dist/`. `npm test` has turbo build it
 * first; a workspace run (`npm test -w @ecodrix/server -- health`) does not, so it is built here when
 * missing or older than its sources.
 */
function buildSdkIfStale(repoRoot: string): void {
  const sdk = join(repoRoot, 'packages/sdk')
  const built = modified([join(sdk, 'dist')])
  const sources = modified(['src', 'package.json', 'tsup.config.ts'].map((path) => join(sdk, path)))
  if (built.length > 0 && Math.min(...built) >= Math.max(...sources)) return
  const build = spawnSync('npm', ['run', 'build', '--silent', '-w', '@ecodrix/sdk'], { cwd: repoRoot, stdio: 'inherit' })
  if (build.status !== 0) process.exit(build.status ?? 1)
}

const root = join(import.meta.dirname, '..')
buildSdkIfStale(join(root, '../..'))
const filters = process.argv.slice(2)
const files = filesUnder(join(root, 'test'))
  .filter((file) => file.endsWith('.test.ts'))
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

// The spec reporter ends with the failing tests, so the tail of a long CI log names them.
// --test-timeout bounds each test file as well as each test: the fuzz and overload files take
// minutes on a loaded 2-core machine.
// --test-force-exit: Agenda leaves a timer of lockLifetime/2 behind each job it ran (its
// still-alive check), which would hold a finished test file open for minutes.
const child = spawn(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-reporter=spec', '--test-force-exit', '--test-concurrency=3', '--test-timeout=600000', ...files],
  { cwd: root, stdio: 'inherit', env: { ...process.env, ECODRIX_TEST_DATABASE_URL: databaseUrl } },
)
const code: number = await new Promise((resolve) => child.on('exit', (exitCode) => resolve(exitCode ?? 1)))
await stopCluster()
if (clusterDir) rmSync(clusterDir, { recursive: true, force: true })
process.exit(code)
