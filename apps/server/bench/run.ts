// Benchmarks the real server on a fresh embedded PostgreSQL (or DATABASE_URL) over loopback HTTP.
//   npm run bench
//   BENCH_DURATION_S=10 BENCH_CONNECTIONS=100 npm run bench
import autocannon from 'autocannon'
import { header, row, startBenchServer } from './bench-server'

const duration = Number(process.env.BENCH_DURATION_S ?? 5)
const connections = Number(process.env.BENCH_CONNECTIONS ?? 50)
const server = await startBenchServer()
const { url, tenantHeaders } = server

const scenarios: { name: string; path: string; headers?: Record<string, string> }[] = [
  { name: 'GET /api/saas/health (public, select 1)', path: '/api/saas/health' },
  { name: 'GET /api/saas/cors (tenant auth + 1 query)', path: '/api/saas/cors', headers: tenantHeaders },
  { name: 'GET /api/saas/health/client (tenant, no live checks)', path: '/api/saas/health/client', headers: tenantHeaders },
]

console.log(`ECODrIx bench: ${connections} connections, ${duration} s per scenario, Node ${process.version}`)
console.log(header)
for (const scenario of scenarios) {
  await autocannon({ url: `${url}${scenario.path}`, headers: scenario.headers, connections, duration: 1 })
  const result = await autocannon({ url: `${url}${scenario.path}`, headers: scenario.headers, connections, duration })
  console.log(row(scenario.name, result))
}
await server.stop()
