import assert from 'node:assert/strict'
import { after, afterEach, before, test } from 'node:test'
import { readFileSync } from 'node:fs'
import { setupServer } from 'msw/node'
import { Webhook } from 'standardwebhooks'
import { createEcodrix, EcodrixError } from '../src/index'
import { specResponses } from '../src/generated/spec-examples'
import { callbackExample, ecodrixErrorHandler, ecodrixHandler, ecodrixHandlers, signedCallback, specExample } from '../src/testing/index'
import { verifyWebhook } from '../src/webhooks'

const openapi = JSON.parse(readFileSync(new URL('../../../openapi/dist/openapi.json', import.meta.url), 'utf8'))
const baseUrl = 'http://ecodrix.test'
const server = setupServer(...ecodrixHandlers())
before(() => server.listen({ onUnhandledRequest: 'error' }))
afterEach(() => server.resetHandlers())
after(() => server.close())

const erix = () => createEcodrix({ baseUrl, apiKey: 'ecx_test', clientCode: 'acme' })
const secret = 'whsec_n4bQgYhMfWWaL+qgxVrQFaO/TxsrC4Is0V1sFbDwCgg='

test('every operation of the spec a fetch can call has a handler (the generated examples follow the spec)', () => {
  const specified = Object.entries(openapi.paths).flatMap(([path, item]) =>
    Object.entries(item as Record<string, { responses: Record<string, unknown> }>)
      .filter(([, operation]) => Object.keys(operation.responses).some((status) => /^2\d\d$/.test(status)))
      .map(([method]) => `${method} ${path}`),
  )
  assert.deepEqual(specResponses.map(({ method, path }) => `${method} ${path}`).sort(), specified.sort())
  assert.ok(specified.length > 100)
})

test("the handlers answer with the spec's examples, through the SDK", async () => {
  const health = await erix().GET('/api/saas/health/client')
  assert.deepEqual(health, specExample('GET', '/api/saas/health/client'))
  const leads = await erix().page('/api/crm/leads')
  assert.equal(leads.data.length, 1)
  assert.equal(typeof leads.total, 'number')
})

test('an override answers one operation, typed by the spec, and keeps the rest of the envelope', async () => {
  server.use(ecodrixHandler('GET', '/api/saas/health/client', { ...specExample('GET', '/api/saas/health/client'), queueDepth: 42 }))
  assert.equal((await erix().GET('/api/saas/health/client')).queueDepth, 42)

  const seen: string[] = []
  server.use(
    ecodrixHandler('GET', '/api/crm/leads/{leadId}', ({ params }) => {
      seen.push(String(params.leadId))
      return { ...specExample('GET', '/api/crm/leads/{leadId}'), firstName: 'Ravi' }
    }),
  )
  const lead = await erix().GET('/api/crm/leads/{leadId}', { params: { path: { leadId: 'lead_1' } } })
  assert.equal(lead.firstName, 'Ravi')
  assert.deepEqual(seen, ['lead_1'])
})

test('no handler is shadowed by an earlier one whose parameter takes its literal segment', () => {
  const pattern = (path: string) => new RegExp(`^${path.replace(/\{\w+\}/g, '[^/]+')}$`)
  const covers = (a: string, b: string) => pattern(a).test(b.replace(/\{\w+\}/g, 'x'))
  specResponses.forEach((earlier, i) => {
    for (const later of specResponses.slice(i + 1)) {
      if (earlier.method !== later.method) continue
      assert.ok(!covers(earlier.path, later.path) || covers(later.path, earlier.path), `${later.method} ${later.path} after ${earlier.path}`)
    }
  })
})

test('a literal path answers its own example', async () => {
  server.use(ecodrixHandler('GET', '/api/crm/leads/by-ref', { ...specExample('GET', '/api/crm/leads/by-ref'), firstName: 'By Ref' }))
  const lead = await erix().GET('/api/crm/leads/by-ref', { params: { query: { field: 'appointmentId', value: '6abc' } } })
  assert.equal(lead.firstName, 'By Ref')
})

test('an error handler answers the error envelope, which the SDK throws as EcodrixError', async () => {
  server.use(ecodrixErrorHandler('GET', '/api/saas/health/client', { status: 401, code: 'UNAUTHORIZED', message: 'Invalid API key' }))
  await assert.rejects(erix().GET('/api/saas/health/client'), (error: unknown) => {
    assert.ok(error instanceof EcodrixError)
    assert.equal(error.status, 401)
    assert.equal(error.code, 'UNAUTHORIZED')
    assert.ok(error.requestId)
    return true
  })
})

test('a handler for another base URL leaves the default one answering', async () => {
  server.use(ecodrixErrorHandler('GET', '/api/saas/health/client', { status: 500, code: 'INTERNAL' }, { baseUrl: 'http://elsewhere.test' }))
  assert.ok(await erix().GET('/api/saas/health/client'))
})

test('signedCallback makes the request ECODrIx sends: standardwebhooks and verifyWebhook accept it', async () => {
  const payload = callbackExample({ trigger: 'appointment_confirmed', metadata: { appointmentId: 'appt-1' } })
  const request = await signedCallback(payload, secret, { url: 'http://site.test/api/ecodrix-callback' })
  assert.equal(request.method, 'POST')
  assert.equal(request.url, 'http://site.test/api/ecodrix-callback')
  assert.equal(request.headers.get('webhook-id'), payload.id)
  const body = await request.clone().text()
  assert.deepEqual(new Webhook(secret).verify(body, Object.fromEntries(request.headers)), payload)
  const verified = await verifyWebhook({ rawBody: body, headers: request.headers, secret })
  assert.equal(verified.payload.type === 'workflow.completed' && verified.payload.metadata.appointmentId, 'appt-1')
  await assert.rejects(verifyWebhook({ rawBody: body.replace('appt-1', 'appt-2'), headers: request.headers, secret }))
})

test('signedCallback takes an old timestamp, and a raw body', async () => {
  const stale = await signedCallback(callbackExample(), secret, { timestamp: Math.floor(Date.now() / 1000) - 3600 })
  await assert.rejects(verifyWebhook({ rawBody: await stale.text(), headers: stale.headers, secret }), { reason: 'timestamp_too_old' })
  const raw = await signedCallback('not json', secret)
  await assert.rejects(verifyWebhook({ rawBody: await raw.text(), headers: raw.headers, secret }), { reason: 'invalid_payload' })
})
