import { randomUUID } from 'node:crypto'
import { test } from 'node:test'
import { expectRefused, request } from '../helpers/http'
import { useTestServer } from '../helpers/use-test-server'

let othersPipelineId: string
const env = useTestServer({
  tenants: { tenant: 'Analytics Errors Clinic', other: 'Other Clinic' },
  async seed() {
    const created = await request(env.server, 'POST', '/api/crm/pipelines', { headers: env.other.headers, json: { name: 'Theirs' } })
    othersPipelineId = created.body.data.id
  },
})

const REPORTS = ['overview', 'funnel', 'forecast', 'sources', 'team', 'heatmap', 'scores', 'stage-time']
const BY_PIPELINE = ['funnel', 'forecast', 'stage-time']

async function assertRefused(path: string, status: number, code: string, field?: string) {
  const result = await request(env.server, 'GET', `/api/crm/analytics/${path}`, { headers: env.tenant.headers })
  expectRefused(result, status, code, { fields: field ? [field] : [] })
}

for (const report of REPORTS) {
  test(`${report} with range=14d or range=30 → 400 naming query.range`, async () => {
    await assertRefused(`${report}?range=14d`, 400, 'VALIDATION_ERROR', 'query.range')
    await assertRefused(`${report}?range=30`, 400, 'VALIDATION_ERROR', 'query.range')
  })
}

for (const report of BY_PIPELINE) {
  test(`${report} with a malformed pipelineId → 404 PIPELINE_NOT_FOUND (ids are opaque)`, () =>
    assertRefused(`${report}?pipelineId=not-a-uuid`, 404, 'PIPELINE_NOT_FOUND'))

  test(`${report} with an unknown or another tenant's pipelineId → 404 PIPELINE_NOT_FOUND`, async () => {
    await assertRefused(`${report}?pipelineId=${randomUUID()}`, 404, 'PIPELINE_NOT_FOUND')
    await assertRefused(`${report}?pipelineId=${othersPipelineId}&range=7d`, 404, 'PIPELINE_NOT_FOUND')
  })
}
