import assert from 'node:assert/strict'
import { test } from 'node:test'
import { expectRefused, type HttpResult, request } from '../helpers/http'
import { useTestServer } from '../helpers/use-test-server'

const env = useTestServer({ tenants: { clinic: 'Bad Input Clinic' } })
const get = (path: string) => request(env.server, 'GET', path, { headers: env.clinic.headers })

function assertInvalid(result: HttpResult, field: string) {
  expectRefused(result, 400, 'VALIDATION_ERROR', { fields: [field] })
}

for (const path of ['/api/saas/events/logs', '/api/saas/events/stats']) {
  test(`${path}: an end before the start, or a date that is not one, is 400`, async () => {
    assertInvalid(await get(`${path}?startDate=2026-03-10&endDate=2026-03-09`), 'query.endDate')
    assertInvalid(await get(`${path}?startDate=2026-03-10T12:00:00Z&endDate=2026-03-10T11:59:59Z`), 'query.endDate')
    assertInvalid(await get(`${path}?startDate=2026-02-30`), 'query.startDate')
    assertInvalid(await get(`${path}?endDate=yesterday`), 'query.endDate')
    const sameDay = await get(`${path}?startDate=2026-03-10&endDate=2026-03-10`)
    assert.equal(sameDay.status, 200, 'one whole day is a valid range')
  })
}

test('list filters out of their domain are 400', async () => {
  assertInvalid(await get('/api/saas/events/logs?status=done'), 'query.status')
  assertInvalid(await get('/api/saas/events/logs?phone=call-me'), 'query.phone')
  assertInvalid(await get(`/api/saas/events/logs?leadId=${'x'.repeat(65)}`), 'query.leadId')
  assertInvalid(await get('/api/saas/events/logs?page=0'), 'query.page')
  assertInvalid(await get('/api/saas/events/logs?limit=101'), 'query.limit')
})

test('an unknown or malformed event log id is 404 EVENT_LOG_NOT_FOUND', async () => {
  for (const id of ['7d2a9c4e-1b3f-4e8a-9c6d-5f0e2b7a1c38', 'not-a-uuid', "1' or '1'='1"]) {
    const result = await get(`/api/saas/events/logs/${encodeURIComponent(id)}`)
    expectRefused(result, 404, 'EVENT_LOG_NOT_FOUND')
  }
})
