import assert from 'node:assert/strict'
import { test } from 'node:test'
import { sql } from 'kysely'
import { schemaNameFor } from '../../src/areas/clients/tenant-location'
import { request } from '../helpers/http'
import { tenantDb } from '../helpers/tenants'
import { useTestServer } from '../helpers/use-test-server'
import { backdate, DAY, HOUR } from './analytics-data'

const env = useTestServer({ tenants: { tenant: 'Rollup Clinic' } })

const WORKERS = 8
const OPERATIONS_PER_WORKER = 30
const RANGES = ['7d', '30d', '90d', '365d'] as const
const SOURCES = ['website', 'referral', 'ads', undefined]
const OWNERS = ['alice', 'bob', 'carol', undefined]
// Creation times around the ranges' edges (but hours, not moments, from them: a range starts when
// the server answers), so the partial first day of each range holds leads as well as its whole days.
const AGES = [0, 2 * HOUR, DAY + 3 * HOUR, 7 * DAY - 5 * HOUR, 7 * DAY + 5 * HOUR, 30 * DAY - 11 * HOUR, 30 * DAY - HOUR, 30 * DAY + 3 * HOUR, 90 * DAY - 2 * HOUR, 90 * DAY + 13 * HOUR, 200 * DAY, 364 * DAY + 20 * HOUR, 400 * DAY]

/** A seeded generator (mulberry32): each worker draws its operations from its own. */
function randomFrom(seed: number) {
  let state = seed
  const next = () => {
    state = (state + 0x6d2b79f5) | 0
    let t = Math.imul(state ^ (state >>> 15), 1 | state)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296
  }
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!
  return { next, pick }
}

const call = (method: string, path: string, json?: unknown) => request(env.server, method, path, { headers: env.tenant.headers, json })
const db = () => tenantDb(env.server, env.tenant)

let phones = 0
const newPhone = () => `+91 95${String((phones += 1)).padStart(8, '0')}`

interface Pipeline {
  id: string
  stages: { id: string; name: string }[]
}

async function createPipeline(name: string, template: string): Promise<Pipeline> {
  const created = await call('POST', '/api/crm/pipelines', { name, template })
  assert.equal(created.status, 201, JSON.stringify(created.body))
  return created.body.data
}

type Random = ReturnType<typeof randomFrom>

const leadFields = (random: Random) => {
  const source = random.pick(SOURCES)
  const assignedTo = random.pick(OWNERS)
  return {
    ...(source ? { source } : {}),
    ...(assignedTo ? { assignedTo } : {}),
    ...(random.next() < 0.8 ? { dealValue: Math.round(random.next() * 1_000_000) / 100 } : {}),
  }
}

/** Every report the rollups answer, as the API answers it. */
async function reports(pipelines: Pipeline[]) {
  const get = async (path: string) => {
    const answer = await call('GET', path)
    assert.equal(answer.status, 200, `${path}: ${JSON.stringify(answer.body)}`)
    return answer.body.data
  }
  const answers: Record<string, any> = {}
  for (const pipeline of pipelines) {
    answers[`board ${pipeline.id}`] = await get(`/api/crm/pipelines/${pipeline.id}/board`)
    answers[`forecast ${pipeline.id}`] = await get(`/api/crm/pipelines/${pipeline.id}/forecast`)
  }
  for (const range of RANGES) {
    for (const report of ['overview', 'sources', 'team', 'heatmap', 'scores']) answers[`${report} ${range}`] = await get(`/api/crm/analytics/${report}?range=${range}`)
    for (const pipeline of pipelines) {
      for (const report of ['forecast', 'funnel', 'stage-time']) {
        answers[`${report} ${range} ${pipeline.id}`] = await get(`/api/crm/analytics/${report}?range=${range}&pipelineId=${pipeline.id}`)
      }
    }
  }
  return answers
}

/** Rows as sorted text lines, sums as numbers (a rollup's 0.00 is a sum's 0): what two counts must agree on. */
const lines = (rows: Record<string, unknown>[]) =>
  rows.map((row) => Object.values(row).map((value) => (typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value) ? Number(value) : value)).join(' | ')).sort()

/** Each rollup's non-zero rows next to the same figures counted from its table. */
async function rollupsAndRecounts() {
  const day = (column: string) => sql<string>`to_char((${sql.ref(column)} at time zone 'utc')::date, 'YYYY-MM-DD')`.as('day')
  const rolledDay = sql<string>`to_char(day, 'YYYY-MM-DD')`.as('day')
  const counted = sql<number>`count(*)`.as('count')
  const value = sql<string>`coalesce(sum(deal_value), 0)`.as('value')
  const live = db().selectFrom('leads').where('status', '<>', 'archived')
  const pairs = {
    lead_stage_days: [
      db().selectFrom('lead_stage_days').select(['stage_id', 'pipeline_id', 'status', rolledDay, 'leads', 'deal_value']).where(sql<boolean>`leads <> 0 or deal_value <> 0`),
      live.select(['stage_id', 'pipeline_id', 'status', day('created_at'), counted, value]).groupBy(['stage_id', 'pipeline_id', 'status', 'day']),
    ],
    lead_source_days: [
      db().selectFrom('lead_source_days').select(['source', 'status', rolledDay, 'leads', 'deal_value']).where(sql<boolean>`leads <> 0 or deal_value <> 0`),
      live.select(['source', 'status', day('created_at'), counted, value]).groupBy(['source', 'status', 'day']),
    ],
    lead_owner_days: [
      db().selectFrom('lead_owner_days').select(['assigned_to', 'status', rolledDay, 'leads', 'deal_value']).where(sql<boolean>`leads <> 0 or deal_value <> 0`),
      live.where('assigned_to', 'is not', null).select(['assigned_to', 'status', day('created_at'), counted, value]).groupBy(['assigned_to', 'status', 'day']),
    ],
    lead_score_days: [
      db().selectFrom('lead_score_days').select(['bucket', rolledDay, 'leads', 'score']).where(sql<boolean>`leads <> 0 or score <> 0`),
      live.select([sql<number>`least(score / 20, 4)`.as('bucket'), day('created_at'), counted, sql<number>`sum(score)`.as('score')]).groupBy(['bucket', 'day']),
    ],
    activity_days: [
      db().selectFrom('activity_days').select([rolledDay, 'performed_by', 'activities']).where('activities', '<>', 0),
      db().selectFrom('activities').select([day('created_at'), 'performed_by', counted]).groupBy(['day', 'performed_by']),
    ],
    stage_stay_days: [
      db().selectFrom('stage_stay_days').select(['pipeline_id', 'stage_id', rolledDay, 'stays', 'seconds']).where(sql<boolean>`stays <> 0 or seconds <> 0`),
      db()
        .selectFrom('stage_stays')
        .select(['pipeline_id', 'stage_id', day('exited_at'), counted, sql<string>`sum(extract(epoch from exited_at - entered_at))`.as('seconds')])
        .groupBy(['pipeline_id', 'stage_id', 'day']),
    ],
  } as const
  const result: Record<string, { rollup: string[]; recount: string[] }> = {}
  for (const [table, [rollup, recount]] of Object.entries(pairs)) {
    result[table] = { rollup: lines(await (rollup as any).execute()), recount: lines(await (recount as any).execute()) }
  }
  return result
}

/** The board and forecast figures counted the old way, from the leads table: open leads per stage. */
async function openLeadsPerStage(pipeline: Pipeline, since?: Date) {
  const rows = await db()
    .selectFrom('leads')
    .select(['stage_id', sql<number>`count(*)`.as('count'), sql<string>`coalesce(sum(deal_value), 0)`.as('value')])
    .where('status', '=', 'open')
    .where('stage_id', 'in', pipeline.stages.map((stage) => stage.id))
    .$if(since !== undefined, (query) => query.where('created_at', '>=', since!))
    .groupBy('stage_id')
    .execute()
  const byStage = new Map(rows.map((row) => [row.stage_id, row]))
  return pipeline.stages.map((stage) => ({ stageId: stage.id, leadCount: Number(byStage.get(stage.id)?.count ?? 0), totalValue: Number(byStage.get(stage.id)?.value ?? 0) }))
}

/** The overview's totals counted the old way, from the leads table. */
async function overviewRecount(since: Date) {
  return db()
    .selectFrom('leads')
    .select([
      sql<number>`count(*)::int`.as('totalLeads'),
      sql<number>`(count(*) filter (where status = 'open'))::int`.as('openLeads'),
      sql<number>`(count(*) filter (where status = 'won'))::int`.as('wonLeads'),
      sql<number>`(count(*) filter (where status = 'lost'))::int`.as('lostLeads'),
      sql<number>`coalesce(round(sum(deal_value) filter (where status = 'open'), 2), 0)::float8`.as('pipelineValue'),
      sql<number>`coalesce(round(sum(deal_value) filter (where status = 'won'), 2), 0)::float8`.as('wonValue'),
      sql<number>`coalesce(round(avg(score), 2), 0)::float8`.as('avgScore'),
    ])
    .where('status', '<>', 'archived')
    .where('created_at', '>=', since)
    .executeTakeFirstOrThrow()
}

test('aggregates equal a full recount after random concurrent moves, converts, archives and deletes', async () => {
  const random = randomFrom(20_240_607)
  const sales = await createPipeline('Sales', 'sales')
  const support = await createPipeline('Support', 'support')
  const pipelines = [sales, support]
  const leads: { id: string; pipeline: Pipeline }[] = []

  const createLead = async (random: Random, pipeline: Pipeline) => {
    const created = await call('POST', '/api/crm/leads', {
      firstName: 'Rollup',
      phone: newPhone(),
      pipelineId: pipeline.id,
      stageId: random.pick(pipeline.stages).id,
      ...leadFields(random),
    })
    if (created.status === 201) leads.push({ id: created.body.data.id, pipeline })
    return created
  }
  for (let i = 0; i < 60; i++) {
    const created = await createLead(random, random.pick(pipelines))
    assert.equal(created.status, 201, JSON.stringify(created.body))
    // Back-dated with SQL: the API only writes "now".
    await backdate(env.server, env.tenant.clientCode, 'leads', created.body.data.id, new Date(Date.now() - random.pick(AGES)))
  }

  // The deletes: a stage of each pipeline (its leads moved to another), and leads deleted outright
  // (there is no API for it; the rollups must follow any delete, and cascades of its activities and stays).
  const [salesGone, salesTarget] = [sales.stages[2]!, sales.stages[1]!]
  const [supportGone, supportTarget] = [support.stages[1]!, support.stages[0]!]
  const operations: Record<string, (random: Random) => Promise<number>> = {
    move: async (random) => {
      const lead = random.pick(leads)
      return (await call('PATCH', `/api/crm/leads/${lead.id}/move`, { stageId: random.pick(lead.pipeline.stages).id })).status
    },
    convert: async (random) => (await call('PATCH', `/api/crm/leads/${random.pick(leads).id}/convert`, { status: random.pick(['won', 'lost']) })).status,
    archive: async (random) => (await call('PATCH', `/api/crm/leads/${random.pick(leads).id}/archive`)).status,
    update: async (random) => {
      // One field at a time: each must move its own rollups.
      const changes = random.pick([
        { dealValue: random.next() < 0.2 ? null : Math.round(random.next() * 100_000) },
        { assignedTo: random.pick(OWNERS) ?? null },
        { source: random.pick(SOURCES) ?? null },
      ])
      return (await call('PATCH', `/api/crm/leads/${random.pick(leads).id}`, changes)).status
    },
    tag: async (random) => (await call('PATCH', `/api/crm/leads/${random.pick(leads).id}/tags`, { add: ['hot'] })).status,
    activity: async (random) => {
      const performedBy = random.pick(OWNERS)
      return (await call('POST', `/api/crm/leads/${random.pick(leads).id}/activities`, { type: 'call', title: 'Called', ...(performedBy ? { performedBy } : {}) })).status
    },
    create: async (random) => (await createLead(random, random.pick(pipelines))).status,
    import: async (random) => {
      const rows = [{ phone: newPhone(), ...leadFields(random) }, { phone: newPhone(), ...leadFields(random) }]
      return (await call('POST', '/api/crm/leads/import', { leads: rows })).status
    },
    backdate: async (random) => {
      await backdate(env.server, env.tenant.clientCode, 'leads', random.pick(leads).id, new Date(Date.now() - random.pick(AGES)))
      return 200
    },
    deleteLead: async (random) => {
      await db().deleteFrom('leads').where('id', '=', random.pick(leads).id).execute()
      return 200
    },
  }
  const names = Object.keys(operations)
  const statuses: { operation: string; status: number }[] = []
  const stageDeletes = [
    [salesGone.id, salesTarget.id],
    [supportGone.id, supportTarget.id],
  ]
  await Promise.all(
    Array.from({ length: WORKERS }, async (_, worker) => {
      const random = randomFrom(worker + 1)
      for (let i = 0; i < OPERATIONS_PER_WORKER; i++) {
        const stageDelete = i === OPERATIONS_PER_WORKER / 2 ? stageDeletes[worker] : undefined
        if (stageDelete) {
          const deleted = await call('DELETE', `/api/crm/stages/${stageDelete[0]}`, { moveLeadsToStageId: stageDelete[1] })
          assert.equal(deleted.status, 200, JSON.stringify(deleted.body))
          continue
        }
        const operation = random.pick(names)
        statuses.push({ operation, status: await operations[operation]!(random) })
      }
    }),
  )
  // A lead deleted or a stage gone under a request answers 404; nothing may fail (a deadlock would be a 500).
  for (const { operation, status } of statuses) assert.ok(status < 300 || status === 404, `${operation} answered ${status}`)
  for (const operation of ['move', 'convert', 'archive', 'deleteLead']) {
    assert.ok(statuses.some((entry) => entry.operation === operation && entry.status < 300), `no ${operation} succeeded`)
  }
  for (const pipeline of pipelines) pipeline.stages = pipeline.stages.filter((stage) => stage !== salesGone && stage !== supportGone)

  for (const [table, { rollup, recount }] of Object.entries(await rollupsAndRecounts())) {
    assert.ok(recount.length > 0, `${table} counted nothing`)
    assert.deepEqual(rollup, recount, table)
  }

  const answers = await reports(pipelines)
  const now = Date.now()
  for (const pipeline of pipelines) {
    assert.deepEqual(
      answers[`board ${pipeline.id}`].stages.map(({ stageId, leadCount, totalValue }: any) => ({ stageId, leadCount, totalValue })),
      await openLeadsPerStage(pipeline),
      'board',
    )
    for (const range of RANGES) {
      const since = new Date(now - Number.parseInt(range, 10) * DAY)
      const forecast = answers[`forecast ${range} ${pipeline.id}`]
      assert.deepEqual(
        forecast.rows.map(({ stageId, totalValue }: any) => ({ stageId, totalValue })),
        (await openLeadsPerStage(pipeline, since)).map(({ stageId, totalValue }) => ({ stageId, totalValue })),
        `forecast ${range}`,
      )
    }
  }
  for (const range of RANGES) {
    const { range: _, byStage, conversionRate, ...totals } = answers[`overview ${range}`]
    assert.deepEqual(totals, await overviewRecount(new Date(now - Number.parseInt(range, 10) * DAY)), `overview ${range}`)
  }

  // And the same answers once every rollup is recounted from scratch.
  await sql`select ${sql.id(schemaNameFor(env.tenant.clientCode), 'rebuild_rollups')}()`.execute(env.server.platform.db)
  assert.deepEqual(await reports(pipelines), answers)
})
