import assert from 'node:assert/strict'
import { test } from 'node:test'
import { leadStages } from '../helpers/crm-data'
import { request } from '../helpers/http'
import { useTestServer } from '../helpers/use-test-server'

const env = useTestServer({ tenants: { tenant: 'Race Clinic' } })

const PAIRS = 12
const ROUNDS = 3

function call(method: string, path: string, json?: unknown) {
  return request(env.server, method, path, { headers: env.tenant.headers, json })
}

/** A pipeline with a "Home" stage that is never deleted, and `count` stages to race over. */
async function racePipeline(name: string, count: number) {
  const stages = [{ name: 'Home' }, ...Array.from({ length: count }, (_, i) => ({ name: `Race ${i}` }))]
  const created = await call('POST', '/api/crm/pipelines', { name, stages })
  assert.equal(created.status, 201, JSON.stringify(created.body))
  const [home, ...racing] = created.body.data.stages.map((stage: { id: string }) => stage.id) as string[]
  return { pipelineId: created.body.data.id as string, home: home as string, racing }
}

/** Each pair must have exactly one winner: the lead got into the stage (delete refused) or the stage went (lead refused). */
function assertOneWinner(label: string, leadStatus: number, leadWon: number, deleteStatus: number) {
  assert.ok([leadWon, 404].includes(leadStatus), `${label}: lead answered ${leadStatus}`)
  assert.ok([200, 409].includes(deleteStatus), `${label}: delete answered ${deleteStatus}`)
  assert.equal(leadStatus === leadWon, deleteStatus === 409, `${label}: lead ${leadStatus} with delete ${deleteStatus}`)
}

async function assertEveryLeadOnALiveStage() {
  const live = new Set<string>()
  for (const pipeline of (await call('GET', '/api/crm/pipelines')).body.data) {
    for (const stage of pipeline.stages) live.add(stage.id)
  }
  for (const [leadId, stageId] of await leadStages(env.server, env.tenant.clientCode)) {
    assert.ok(live.has(stageId), `lead ${leadId} points at missing stage ${stageId}`)
  }
}

test('creating a lead into a stage while deleting it: 201 + 409 or 404 + 200, never 500', async () => {
  for (let round = 0; round < ROUNDS; round++) {
    const { racing } = await racePipeline(`Create race ${round}`, PAIRS)
    const outcomes = await Promise.all(
      racing.map((stageId, i) =>
        Promise.all([
          call('POST', '/api/crm/leads', { firstName: `Racer ${round}.${i}`, email: `racer-${round}-${i}@example.com`, stageId }),
          call('DELETE', `/api/crm/stages/${stageId}`),
        ]),
      ),
    )
    for (const [i, [created, deleted]] of outcomes.entries()) {
      assertOneWinner(`round ${round} pair ${i}`, created.status, 201, deleted.status)
      if (created.status === 404) assert.equal(created.body.code, 'STAGE_NOT_FOUND')
      if (deleted.status === 409) assert.equal(deleted.body.code, 'STAGE_HAS_LEADS')
    }
  }
  await assertEveryLeadOnALiveStage()
})

test('moving a lead into a stage while deleting it: 200 + 409 or 404 + 200, never 500', async () => {
  for (let round = 0; round < ROUNDS; round++) {
    const { home, racing } = await racePipeline(`Move race ${round}`, PAIRS)
    const leadIds: string[] = []
    for (let i = 0; i < PAIRS; i++) {
      const created = await call('POST', '/api/crm/leads', { firstName: `Mover ${i}`, email: `mover-${round}-${i}@example.com`, stageId: home })
      assert.equal(created.status, 201, JSON.stringify(created.body))
      leadIds.push(created.body.data.id)
    }
    const outcomes = await Promise.all(
      racing.map((stageId, i) =>
        Promise.all([call('PATCH', `/api/crm/leads/${leadIds[i]}/move`, { stageId }), call('DELETE', `/api/crm/stages/${stageId}`)]),
      ),
    )
    const stages = await leadStages(env.server, env.tenant.clientCode)
    for (const [i, [moved, deleted]] of outcomes.entries()) {
      assertOneWinner(`round ${round} pair ${i}`, moved.status, 200, deleted.status)
      assert.equal(stages.get(leadIds[i] as string), moved.status === 200 ? racing[i] : home)
    }
  }
  await assertEveryLeadOnALiveStage()
})

test('two deletes moving leads into each other’s stage: one wins, the other finds its target gone', async () => {
  for (let round = 0; round < ROUNDS; round++) {
    const { pipelineId, racing } = await racePipeline(`Swap race ${round}`, 2)
    const [a, b] = racing as [string, string]
    for (const stageId of [a, b]) {
      const created = await call('POST', '/api/crm/leads', { email: `swap-${round}-${stageId}@example.com`, stageId })
      assert.equal(created.status, 201, JSON.stringify(created.body))
    }
    const [first, second] = await Promise.all([
      call('DELETE', `/api/crm/stages/${a}`, { moveLeadsToStageId: b }),
      call('DELETE', `/api/crm/stages/${b}`, { moveLeadsToStageId: a }),
    ])
    assert.deepEqual([first.status, second.status].sort(), [200, 400], `${JSON.stringify(first.body)} ${JSON.stringify(second.body)}`)
    const pipeline = (await call('GET', `/api/crm/pipelines/${pipelineId}`)).body.data
    assert.equal(pipeline.stages.length, 2, 'home and the surviving stage')
  }
  await assertEveryLeadOnALiveStage()
})


test('converting a lead to won while its won stage is deleted: the lead is won either way, never 500', async () => {
  const pairs: { leadId: string; home: string; won: string }[] = []
  for (let i = 0; i < 8; i++) {
    const created = await call('POST', '/api/crm/pipelines', { name: `Convert race ${i}`, stages: [{ name: 'Home' }, { name: 'Won', isWon: true }] })
    assert.equal(created.status, 201, JSON.stringify(created.body))
    const [home, won] = created.body.data.stages.map((stage: { id: string }) => stage.id) as string[]
    const lead = await call('POST', '/api/crm/leads', { firstName: `Closer ${i}`, email: `closer-${i}@example.com`, stageId: home })
    assert.equal(lead.status, 201, JSON.stringify(lead.body))
    pairs.push({ leadId: lead.body.data.id as string, home: home as string, won: won as string })
  }
  const outcomes = await Promise.all(
    pairs.map(({ leadId, won }) =>
      Promise.all([call('PATCH', `/api/crm/leads/${leadId}/convert`, { status: 'won' }), call('DELETE', `/api/crm/stages/${won}`)]),
    ),
  )
  for (const [i, [converted, deleted]] of outcomes.entries()) {
    const { home, won } = pairs[i]!
    assert.equal(converted.status, 200, JSON.stringify(converted.body))
    assert.equal(converted.body.data.status, 'won')
    assert.ok([200, 409].includes(deleted.status), `pair ${i}: delete answered ${deleted.status}`)
    assert.equal(converted.body.data.stageId, deleted.status === 409 ? won : home, `pair ${i}`)
  }
  await assertEveryLeadOnALiveStage()
})
