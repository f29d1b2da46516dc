// Benchmarks the real server on a fresh embedded PostgreSQL (or DATABASE_URL) over loopback HTTP.
// The server runs in a child process so the load generator (autocannon, here) does not share its CPU.
//   npm run bench
//   BENCH_DURATION_S=10 BENCH_CONNECTIONS=100 npm run bench
import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { chmodSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import autocannon from 'autocannon'

const duration = Number(process.env.BENCH_DURATION_S ?? 5)
const connections = Number(process.env.BENCH_CONNECTIONS ?? 50)
const dataDir = mkdtempSync(join(tmpdir(), 'ecodrix-bench-'))
chmodSync(dataDir, 0o755)
const adminKey = randomBytes(24).toString('hex')

const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
  cwd: join(import.meta.dirname, '..'),
  env: { ...process.env, ECODRIX_ADMIN_KEY: adminKey, ECODRIX_DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', ECODRIX_DB_POOL_MAX: '20' },
  stdio: ['ignore', 'pipe', 'inherit'],
})
let output = ''
const url = await new Promise<string>((resolve, reject) => {
  child.stdout.on('data', (chunk) => {
    output += chunk
    const match = /listening on (http:\/\/\S+)/.exec(output)
    if (match?.[1]) resolve(match[1])
  })
  child.on('exit', (code) => reject(new Error(`server exited (${code}):\n${output}`)))
})
process.on('exit', () => child.kill('SIGTERM'))

const created = await fetch(`${url}/api/clients`, {
  method: 'POST',
  headers: { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json' },
  body: JSON.stringify({ name: 'Bench Clinic', clientCode: 'bench' }),
})
const { apiKey } = ((await created.json()) as { data: { apiKey: string } }).data
const tenantHeaders = { 'x-api-key': apiKey, 'x-client-code': 'bench' }

const scenarios: { name: string; path: string; headers?: Record<string, string> }[] = [
  { name: 'GET /api/saas/health (public, select 1)', path: '/api/saas/health' },
  { name: 'GET /api/saas/cors (tenant auth + 1 query)', path: '/api/saas/cors', headers: tenantHeaders },
  { name: 'GET /api/saas/health/client (tenant, no live checks)', path: '/api/saas/health/client', headers: tenantHeaders },
]

console.log(`ECODrIx bench: ${connections} connections, ${duration} s per scenario, Node ${process.version}`)
console.log('scenario'.padEnd(54), 'req/s'.padStart(8), 'p50 ms'.padStart(8), 'p99 ms'.padStart(8), 'non-2xx'.padStart(8))
for (const scenario of scenarios) {
  await autocannon({ url: `${url}${scenario.path}`, headers: scenario.headers, connections, duration: 1 })
  const result = await autocannon({ url: `${url}${scenario.path}`, headers: scenario.headers, connections, duration })
  console.log(
    scenario.name.padEnd(54),
    String(Math.round(result.requests.average)).padStart(8),
    String(result.latency.p50).padStart(8),
    String(result.latency.p99).padStart(8),
    String(result.non2xx + result.errors).padStart(8),
  )
}
child.kill('SIGTERM')
await new Promise((resolve) => child.on('exit', resolve))
rmSync(dataDir, { recursive: true, force: true })
