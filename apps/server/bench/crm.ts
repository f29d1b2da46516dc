// CRM at scale: one tenant with 1,000,000 leads (and an activity history), then p50/p95 latency of
// the heavy reads over real HTTP, and whether each meets its target. Run: npm run bench:crm
// (BENCH_LEADS=100000 for a quicker run; BENCH_SAMPLES requests per scenario, 40 by default)
import { chmodSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sql } from 'kysely'
import pino from 'pino'
import { loadConfig } from '../src/config/load-config'
import { startServer } from '../src/server'
import { sequentialLatency } from './sequential-latency'

const LEADS = Number(process.env.BENCH_LEADS ?? 1_000_000)
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
// Set-based seeding in the tenant's schema: leads spread over stages, sources, owners, scores and a
// year. The rollup triggers (which apply row by row at commit) are off meanwhile; the rollups are
// then recounted in one pass, as the migration backfills them.
const rollupTriggers = { leads: ['leads_rollup', 'leads_rollup_update'], activities: ['activities_rollup', 'activities_rollup_update'], stage_stays: ['stage_stays_rollup', 'stage_stays_rollup_update'] }
const setRollupTriggers = async (state: 'enable' | 'disable') => {
  for (const [table, triggers] of Object.entries(rollupTriggers)) {
    for (const trigger of triggers) await sql`alter table ${sql.table(`tenant_bench_crm.${table}`)} ${sql.raw(state)} trigger ${sql.id(trigger)}`.execute(server.platform.db)
  }
}
await setRollupTriggers('disable')
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
  insert into ${sql.table('tenant_bench_crm.activities')} (lead_id, type, title, data, performed_by, created_at)
  select id, 'stage_moved', 'Moved', jsonb_build_object('fromStageId', ${stageIds[0]}::text, 'toStageId', stage_id),
         case when score % 2 = 0 then assigned_to end, created_at + interval '2 days'
  from ${sql.table('tenant_bench_crm.leads')}`.execute(server.platform.db)
// Each move also closes a stay, as the server's move does.
await sql`
  insert into ${sql.table('tenant_bench_crm.stage_stays')} (lead_id, pipeline_id, stage_id, entered_at, exited_at)
  select id, pipeline_id, ${stageIds[0]}::uuid, created_at, created_at + interval '2 days'
  from ${sql.table('tenant_bench_crm.leads')}`.execute(server.platform.db)
await setRollupTriggers('enable')
await sql`select tenant_bench_crm.rebuild_rollups()`.execute(server.platform.db)
// Vacuumed as autovacuum would after such a load, so it does not start during the measurements.
for (const table of ['leads', 'activities', 'stage_stays', 'lead_stage_days', 'lead_source_days', 'lead_owner_days', 'lead_score_days', 'activity_days', 'stage_stay_days']) {
  await sql`vacuum analyze ${sql.table(`tenant_bench_crm.${table}`)}`.execute(server.platform.db)
}
console.log(`seeded in ${((performance.now() - seedStarted) / 1000).toFixed(1)} s`)

const READ_TARGET_MS = 50
const REPORT_TARGET_MS = 300
// [name, path, p95 target in ms (the issue's: at 1,000,000 leads on 2 cores)]
const scenarios: [string, string, number | undefined][] = [
  ['list: search + filter + sort', `/api/crm/leads?search=lead12&source=website&status=open&tags=hot&sortBy=dealValue&sortDir=desc&limit=25`, READ_TARGET_MS],
  ['list: filter + sort, page 40', `/api/crm/leads?status=open&minScore=50&sortBy=score&sortDir=desc&limit=25&page=40`, undefined],
  ['board', `/api/crm/pipelines/${pipelineId}/board`, READ_TARGET_MS],
  ['forecast', `/api/crm/pipelines/${pipelineId}/forecast`, READ_TARGET_MS],
  ['analytics forecast', `/api/crm/analytics/forecast?pipelineId=${pipelineId}&range=365d`, REPORT_TARGET_MS],
  ['analytics funnel', `/api/crm/analytics/funnel?pipelineId=${pipelineId}&range=365d`, REPORT_TARGET_MS],
  ['analytics stage-time', `/api/crm/analytics/stage-time?pipelineId=${pipelineId}&range=365d`, REPORT_TARGET_MS],
  ['analytics overview', `/api/crm/analytics/overview?range=365d`, REPORT_TARGET_MS],
  ['analytics sources', `/api/crm/analytics/sources?range=365d`, REPORT_TARGET_MS],
  ['analytics team', `/api/crm/analytics/team?range=365d`, REPORT_TARGET_MS],
  ['analytics heatmap', `/api/crm/analytics/heatmap?range=365d`, REPORT_TARGET_MS],
  ['analytics scores', `/api/crm/analytics/scores?range=365d`, REPORT_TARGET_MS],
]

console.log(`\n${'scenario'.padEnd(34)}${'p50 ms'.padStart(9)}${'p95 ms'.padStart(9)}  status  target (p95)`)
const missed: string[] = []
for (const [name, path, target] of scenarios) {
  const { p50, p95, status } = await sequentialLatency(`${url}${path}`, headers, SAMPLES)
  const verdict = target === undefined ? '' : `≤ ${target} ms ${p95 <= target ? 'met' : 'MISSED'}`
  if (target !== undefined && p95 > target) missed.push(name)
  console.log(`${name.padEnd(34)}${p50.toFixed(1).padStart(9)}${p95.toFixed(1).padStart(9)}  ${String(status).padEnd(6)}  ${verdict}`)
}
console.log(missed.length === 0 ? `\nevery target met at ${LEADS} leads` : `\ntargets missed at ${LEADS} leads: ${missed.join(', ')}`)
await server.stop()
rmSync(dataDir, { recursive: true, force: true })
process.exit(0)
