// CRM at scale: one tenant with 100,000 leads (and an activity history), then p50/p95 latency of
// the heavy reads over real HTTP. Run: npm run bench:crm   (BENCH_LEADS=20000 for a quicker run)
import { chmodSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sql } from 'kysely'
import pino from 'pino'
import { loadConfig } from '../src/config/load-config'
import { startServer } from '../src/server'

const LEADS = Number(process.env.BENCH_LEADS ?? 100_000)
const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 40)
const dataDir = mkdtempSync(join(tmpdir(), 'ecodrix-bench-crm-'))
chmodSync(dataDir, 0o755)
const { config } = loadConfig({
  ECODRIX_DATA_DIR: dataDir,
  PORT: '0',
  HOST: '127.0.0.1',
  NODE_ENV: 'test',
  ...(process.env.DATABASE_URL ? { DATABASE_URL: process.env.DATABASE_URL } : {}),
})
const server = await startServer(config, { logger: pino({ level: 'silent' }) })
const url = server.url!
const post = async (path: string, body: unknown, headers: Record<string, string>) =>
  (await (await fetch(`${url}${path}`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify(body) })).json()) as {
    data: Record<string, any>
  }

const client = await post('/api/clients', { name: 'Bench CRM', clientCode: 'bench_crm' }, { authorization: `Bearer ${config.adminKey}` })
const headers = { 'x-api-key': client.data.apiKey as string, 'x-client-code': 'bench_crm' }
const first = await post('/api/crm/leads', { firstName: 'Seed', phone: '+910000000000' }, headers)
const pipelineId = first.data.pipelineId as string

console.log(`seeding ${LEADS} leads with activities…`)
const seedStarted = performance.now()
const db = server.platform.tenants.forTenant({ schemaName: 'tenant_bench_crm', datasourceUri: undefined })
const stageIds = (await db.selectFrom('stages').select('id').where('pipeline_id', '=', pipelineId).orderBy('position').execute()).map((s) => s.id)
// Set-based seeding in the tenant's schema: leads spread over stages, sources, owners, scores and a year.
await sql`
  insert into ${sql.table('tenant_bench_crm.leads')}
    (first_name, last_name, phone, email, source, status, pipeline_id, stage_id, assigned_to, tags, score, deal_value, deal_title, created_at)
  select 'Lead' || i, 'Surname' || (i % 997), '+9199' || lpad(i::text, 8, '0'), 'lead' || i || '@example.com',
         (array['website','referral','ads','partner','walk_in'])[1 + i % 5],
         (array['open','open','open','open','won','lost','archived'])[1 + i % 7],
         ${pipelineId}::uuid, (${sql.val(stageIds)}::uuid[])[1 + i % ${stageIds.length}],
         'agent' || (i % 12), case when i % 3 = 0 then array['hot'] when i % 3 = 1 then array['vip','hot'] else array[]::text[] end,
         i % 101, (i % 500) * 1000, 'Deal ' || (i % 50), now() - ((i % 365) || ' days')::interval
  from generate_series(1, ${LEADS}) as i`.execute(server.platform.db)
await sql`
  insert into ${sql.table('tenant_bench_crm.activities')} (lead_id, type, title, data, created_at)
  select id, 'stage_moved', 'Moved', jsonb_build_object('fromStageId', ${stageIds[0]}::text, 'toStageId', stage_id), created_at + interval '2 days'
  from ${sql.table('tenant_bench_crm.leads')}`.execute(server.platform.db)
// Each move also closes a stay, as the server's move does.
await sql`
  insert into ${sql.table('tenant_bench_crm.stage_stays')} (lead_id, pipeline_id, stage_id, entered_at, exited_at)
  select id, pipeline_id, ${stageIds[0]}::uuid, created_at, created_at + interval '2 days'
  from ${sql.table('tenant_bench_crm.leads')}`.execute(server.platform.db)
await sql`analyze ${sql.table('tenant_bench_crm.stage_stays')}`.execute(server.platform.db)
await sql`analyze ${sql.table('tenant_bench_crm.leads')}`.execute(server.platform.db)
await sql`analyze ${sql.table('tenant_bench_crm.activities')}`.execute(server.platform.db)
console.log(`seeded in ${((performance.now() - seedStarted) / 1000).toFixed(1)} s`)

const scenarios: [string, string][] = [
  ['list: search + filter + sort', `/api/crm/leads?search=lead12&source=website&status=open&tags=hot&sortBy=dealValue&sortDir=desc&limit=25`],
  ['list: filter + sort, page 40', `/api/crm/leads?status=open&minScore=50&sortBy=score&sortDir=desc&limit=25&page=40`],
  ['board', `/api/crm/pipelines/${pipelineId}/board`],
  ['forecast', `/api/crm/pipelines/${pipelineId}/forecast`],
  ['analytics funnel', `/api/crm/analytics/funnel?pipelineId=${pipelineId}&range=365d`],
  ['analytics stage-time', `/api/crm/analytics/stage-time?pipelineId=${pipelineId}&range=365d`],
  ['analytics overview', `/api/crm/analytics/overview?range=365d`],
  ['analytics sources', `/api/crm/analytics/sources?range=365d`],
  ['analytics team', `/api/crm/analytics/team?range=365d`],
  ['analytics heatmap', `/api/crm/analytics/heatmap?range=365d`],
  ['analytics scores', `/api/crm/analytics/scores?range=365d`],
]

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0
console.log(`\n${'scenario'.padEnd(34)}${'p50 ms'.padStart(9)}${'p95 ms'.padStart(9)}  status`)
for (const [name, path] of scenarios) {
  const times: number[] = []
  let status = 0
  for (let i = 0; i < SAMPLES + 5; i += 1) {
    const started = performance.now()
    const response = await fetch(`${url}${path}`, { headers })
    await response.arrayBuffer()
    status = response.status
    if (i >= 5) times.push(performance.now() - started)
  }
  times.sort((a, b) => a - b)
  console.log(`${name.padEnd(34)}${percentile(times, 50).toFixed(1).padStart(9)}${percentile(times, 95).toFixed(1).padStart(9)}  ${status}`)
}
await server.stop()
rmSync(dataDir, { recursive: true, force: true })
process.exit(0)
