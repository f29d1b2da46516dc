import assert from 'node:assert/strict'
import { test } from 'node:test'
import { request } from '../helpers/http'
import { createTenant, type TestTenant } from '../helpers/tenants'
import { useTestServer } from '../helpers/use-test-server'
import { backdateStageMoves, createLeads, DAY, HOUR, insertLeads, logActivities } from './analytics-data'

let main: any
const now = Date.now()
const ago = (ms: number) => new Date(now - ms)

const env = useTestServer({
  tenants: { tenant: 'Analytics Clinic' },
  async seed() {
    main = await createPipeline(env.tenant, { name: 'Main', template: 'sales' })
    const [newLead, contacted, , proposal, , won, lost] = main.stages.map((stage: any) => stage.id)
    const [alicesLead] = await insertLeads(env.server, env.tenant.clientCode, main.id, [
      { stageId: newLead, source: 'website', assignedTo: 'alice', score: 10, dealValue: 1000 },
      { stageId: contacted, source: 'website', assignedTo: 'alice', score: 25, dealValue: 2000.5 },
      { stageId: proposal, source: 'referral', assignedTo: 'bob', score: 45, dealValue: 3000 },
      { stageId: won, status: 'won', source: 'website', assignedTo: 'alice', score: 85, dealValue: 5000 },
      { stageId: lost, status: 'lost', assignedTo: 'bob', score: 100, dealValue: 700 },
      { stageId: newLead, source: 'referral', score: 60 },
      { stageId: newLead, status: 'archived', source: 'website', assignedTo: 'alice', score: 90, dealValue: 9999 },
      { stageId: newLead, source: 'website', assignedTo: 'alice', score: 70, dealValue: 4000, createdAt: ago(40 * DAY) },
    ])
    await logActivities(env.server, env.tenant, [
      { leadId: alicesLead!, performedBy: 'alice', createdAt: ago(0) },
      { leadId: alicesLead!, performedBy: 'alice', createdAt: ago(0) },
      { leadId: alicesLead!, performedBy: 'bob', createdAt: ago(0) },
      { leadId: alicesLead!, performedBy: 'carol', createdAt: ago(2 * DAY) },
      { leadId: alicesLead!, performedBy: 'alice', createdAt: ago(40 * DAY) },
    ])
  },
})

async function createPipeline(owner: TestTenant, json: unknown) {
  const created = await request(env.server, 'POST', '/api/crm/pipelines', { headers: owner.headers, json })
  assert.equal(created.status, 201, JSON.stringify(created.body))
  return created.body.data
}

async function report(path: string, owner = env.tenant) {
  const result = await request(env.server, 'GET', `/api/crm/analytics/${path}`, { headers: owner.headers })
  assert.equal(result.status, 200, JSON.stringify(result.body))
  assert.equal(result.body.success, true)
  return result.body.data
}


test('overview: KPIs of the non-archived leads of the last 30 days and open leads per default-pipeline stage', async () => {
  const overview = await report('overview')
  assert.deepEqual(overview, {
    range: '30d',
    totalLeads: 6,
    openLeads: 4,
    wonLeads: 1,
    lostLeads: 1,
    pipelineValue: 6000.5,
    wonValue: 5000,
    conversionRate: 0.5,
    avgScore: 54.17,
    byStage: main.stages.map((stage: any, index: number) => ({ stageId: stage.id, name: stage.name, count: [2, 1, 0, 1, 0, 0, 0][index] })),
  })
})

test('overview: range=90d takes in the lead created 40 days ago', async () => {
  const overview = await report('overview?range=90d')
  assert.equal(overview.range, '90d')
  assert.equal(overview.totalLeads, 7)
  assert.equal(overview.openLeads, 5)
  assert.equal(overview.pipelineValue, 10000.5)
  assert.equal(overview.avgScore, 56.43)
  assert.equal(overview.byStage[0].count, 3)
})

test('funnel: cumulative reached counts over the non-lost stages with conversion fractions', async () => {
  const funnel = await report('funnel')
  assert.equal(funnel.pipelineId, main.id)
  assert.deepEqual(
    funnel.stages.map(({ name, order, count, conversionFromPrevious, conversionFromFirst }: any) => [name, order, count, conversionFromPrevious, conversionFromFirst]),
    [
      ['New Lead', 0, 5, 1, 1],
      ['Contacted', 1, 3, 0.6, 0.6],
      ['Qualified', 2, 2, 0.6667, 0.4],
      ['Proposal', 3, 2, 1, 0.4],
      ['Negotiation', 4, 1, 0.5, 0.2],
      ['Won', 5, 1, 1, 0.2],
    ],
  )
  assert.deepEqual(funnel.stages.map((stage: any) => stage.stageId), main.stages.slice(0, 6).map((stage: any) => stage.id))
})

test('funnel: an explicit pipelineId reports that pipeline, zeros when it has no leads', async () => {
  const other = await createPipeline(env.tenant, { name: 'Support', template: 'support' })
  const funnel = await report(`funnel?pipelineId=${other.id}`)
  assert.equal(funnel.pipelineId, other.id)
  assert.ok(funnel.stages.length > 0)
  for (const stage of funnel.stages) assert.deepEqual([stage.count, stage.conversionFromPrevious, stage.conversionFromFirst], [0, 0, 0])
})

test('forecast: the pipeline forecast over the open leads created in the range', async () => {
  const forecast = await report('forecast')
  const rows = (values: number[][]) =>
    main.stages.map((stage: any, index: number) => ({
      stageId: stage.id,
      stageName: stage.name,
      probability: stage.probability,
      totalValue: values[index]?.[0] ?? 0,
      expectedRevenue: values[index]?.[1] ?? 0,
    }))
  assert.deepEqual(forecast, { rows: rows([[1000, 100], [2000.5, 400.1], [0, 0], [3000, 1800]]), grandTotal: 2300.1, totalPipeline: 6000.5 })
  const yearly = await report(`forecast?range=365d&pipelineId=${main.id}`)
  assert.deepEqual(yearly, { rows: rows([[5000, 500], [2000.5, 400.1], [0, 0], [3000, 1800]]), grandTotal: 2700.1, totalPipeline: 10000.5 })
})

test('sources: per source (unset as "(none)") counts, conversion and deal value, most leads first', async () => {
  assert.deepEqual(await report('sources'), [
    { source: 'website', total: 3, won: 1, lost: 0, conversionRate: 1, value: 8000.5 },
    { source: 'referral', total: 2, won: 0, lost: 0, conversionRate: 0, value: 3000 },
    { source: '(none)', total: 1, won: 0, lost: 1, conversionRate: 0, value: 700 },
  ])
})

test('team: per assignee leads, wins, won revenue and activities performed in the range, by revenue', async () => {
  assert.deepEqual(await report('team'), [
    { assignedTo: 'alice', leads: 3, won: 1, revenue: 5000, activities: 2 },
    { assignedTo: 'bob', leads: 2, won: 0, revenue: 0, activities: 1 },
  ])
  const yearly = await report('team?range=365d')
  assert.deepEqual(yearly[0], { assignedTo: 'alice', leads: 4, won: 1, revenue: 5000, activities: 3 })
})

test('heatmap: one row per UTC day of the range ending today, zeros included', async () => {
  const day = (daysAgo: number) => new Date(now - daysAgo * DAY).toISOString().slice(0, 10)
  const week = await report('heatmap?range=7d')
  assert.deepEqual(week, [6, 5, 4, 3, 2, 1, 0].map((daysAgo) => ({ date: day(daysAgo), count: { 0: 3, 2: 1 }[daysAgo] ?? 0 })))
  const month = await report('heatmap')
  assert.equal(month.length, 30)
  assert.equal(month.reduce((sum: number, row: any) => sum + row.count, 0), 4)
  const quarter = await report('heatmap?range=90d')
  assert.equal(quarter.length, 90)
  assert.equal(quarter.reduce((sum: number, row: any) => sum + row.count, 0), 5)
})

test('scores: five buckets of 20 points (80-100 takes 100), empty ones with 0', async () => {
  const buckets = (counts: number[]) =>
    ['0-20', '20-40', '40-60', '60-80', '80-100'].map((bucket, index) => ({
      bucket,
      min: index * 20,
      max: index === 4 ? 100 : index * 20 + 19,
      count: counts[index],
    }))
  assert.deepEqual(await report('scores'), buckets([1, 1, 1, 1, 2]))
  assert.deepEqual(await report('scores?range=90d'), buckets([1, 1, 1, 2, 2]))
})

test('stage-time: average hours of completed stays from the stage-move history', async () => {
  const owner = await createTenant(env.server, 'Stage Time Clinic')
  const pipeline = await createPipeline(owner, { name: 'Sales', template: 'sales' })
  const [newLead, contacted, qualified] = pipeline.stages.map((stage: any) => stage.id)
  const start = now - 10 * DAY
  const [first, second] = await createLeads(env.server, owner, [
    { stageId: newLead, createdAt: new Date(start) },
    { stageId: newLead, createdAt: new Date(start) },
  ])
  const move = async (leadId: string, stageId: string) => {
    const moved = await request(env.server, 'PATCH', `/api/crm/leads/${leadId}/move`, { headers: owner.headers, json: { stageId } })
    assert.equal(moved.status, 200, JSON.stringify(moved.body))
  }
  await move(first!, contacted)
  await move(first!, qualified)
  await move(second!, contacted)
  await backdateStageMoves(env.server, owner.clientCode, first!, [new Date(start + 10 * HOUR), new Date(start + 30 * HOUR)])
  await backdateStageMoves(env.server, owner.clientCode, second!, [new Date(start + 20 * HOUR)])

  const report30 = await report('stage-time', owner)
  assert.equal(report30.pipelineId, pipeline.id)
  assert.deepEqual(
    report30.stages.map(({ stageId, name, avgHours, samples }: any) => [stageId, name, avgHours, samples]),
    pipeline.stages.map((stage: any, index: number) => [stage.id, stage.name, [15, 20][index] ?? 0, [2, 1][index] ?? 0]),
  )
  const week = await report(`stage-time?range=7d&pipelineId=${pipeline.id}`, owner)
  assert.ok(week.stages.every((stage: any) => stage.samples === 0 && stage.avgHours === 0), 'leads created 10 days ago are outside 7d')
})

test('a tenant without pipelines gets empty reports, not errors', async () => {
  const empty = await createTenant(env.server, 'Empty Clinic')
  assert.deepEqual(await report('overview', empty), {
    range: '30d',
    totalLeads: 0,
    openLeads: 0,
    wonLeads: 0,
    lostLeads: 0,
    pipelineValue: 0,
    wonValue: 0,
    conversionRate: 0,
    avgScore: 0,
    byStage: [],
  })
  assert.deepEqual(await report('funnel', empty), { pipelineId: null, stages: [] })
  assert.deepEqual(await report('forecast', empty), { rows: [], grandTotal: 0, totalPipeline: 0 })
  assert.deepEqual(await report('stage-time', empty), { pipelineId: null, stages: [] })
  assert.deepEqual(await report('sources', empty), [])
  assert.deepEqual(await report('team', empty), [])
  assert.deepEqual((await report('scores', empty)).map((row: any) => row.count), [0, 0, 0, 0, 0])
  assert.equal((await report('heatmap?range=7d', empty)).length, 7)
})

test('reports are computed in the calling tenant\'s schema only', async () => {
  const other = await createTenant(env.server, 'Other Clinic')
  const pipeline = await createPipeline(other, { name: 'Sales', template: 'sales' })
  await createLeads(env.server, other, [{ stageId: pipeline.stages[0].id, source: 'ads' }])
  assert.deepEqual((await report('sources', other)).map((row: any) => row.source), ['ads'])
  assert.deepEqual((await report('sources')).map((row: any) => row.source), ['website', 'referral', '(none)'])
})

