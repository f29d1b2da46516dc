import assert from 'node:assert/strict'
import { after, afterEach, before, test } from 'node:test'
import { http, HttpResponse } from 'msw'
import { snapshotTables } from '../helpers/db-snapshot'
import { adminHeaders, expectRefused, request } from '../helpers/http'
import { createTenant, type TestTenant } from '../helpers/tenants'
import type { TestServer } from '../helpers/test-server'
import { useTestServer } from '../helpers/use-test-server'
import { connectCalendar, EVENTS_URL, issueConnectLink, openConnectLink, simulateGoogle, startConsent, TOKEN_URL } from './simulated-google'

const GUARDED_TABLES = ['clients', 'client_secrets', 'google_oauth_states']
const GOOGLE_CLIENT = { clientId: 'ecodrix-test.apps.googleusercontent.com', clientSecret: 'GOCSPX-test-secret' }
const env = useTestServer({ config: { google: GOOGLE_CLIENT }, tenants: { tenant: 'Errors Clinic' } })
/** A server without Google OAuth configured. */
const bare = useTestServer()
const google = simulateGoogle()
before(() => google.edge.listen({ onUnhandledRequest: 'error' }))
afterEach(() => {
  google.edge.resetHandlers()
  google.tokenRequests.length = 0
  google.inserts.length = 0
})
after(() => google.edge.close())

const callback = (target: TestServer, query: string) =>
  request(target, 'GET', `/api/auth/google/callback?${query}`, { headers: { accept: 'application/json' } })

const triggerWithMeet = (target: TestServer, who: TestTenant) =>
  request(target, 'POST', '/api/saas/workflows/trigger', {
    headers: who.headers,
    json: { trigger: 'appointment_confirmed', requiresMeet: true, meetConfig: { startTime: '2026-03-15T09:30:00Z' } },
  })

/** Moves the client's pending links and states past their expiry. */
const expirePending = (clientCode: string) =>
  env.server.platform.db
    .updateTable('google_oauth_states')
    .set({ expires_at: new Date(Date.now() - 1000) })
    .where('client_code', '=', clientCode)
    .execute()

const connect = (query: string) => request(env.server, 'GET', `/api/auth/google/connect?${query}`)
const linkToken = (url: string) => new URL(url).searchParams.get('token')!

test('connect without a link the admin API issued is refused: 400 for a malformed request, 401 for any other token', async () => {
  const other = await createTenant(env.server, 'Other Clinic')
  const { url } = await issueConnectLink(env.server, other.clientCode)
  const before = await snapshotTables(env.server, GUARDED_TABLES)
  expectRefused(await connect(`clientCode=${env.tenant.clientCode}`), 400, 'VALIDATION_ERROR', { fields: ['query.token'] })
  expectRefused(await connect('token=abc'), 400, 'VALIDATION_ERROR', { fields: ['query.clientCode'] })
  expectRefused(await connect('clientCode=Bad%20Code!&token=abc'), 400, 'VALIDATION_ERROR')
  const refusals = [
    ['a made-up token', `clientCode=${env.tenant.clientCode}&token=${'A'.repeat(43)}`],
    ["another client's link", `clientCode=${env.tenant.clientCode}&token=${linkToken(url)}`],
    ['an unknown client', `clientCode=nobody_here&token=${linkToken(url)}`],
  ]
  for (const [label, query] of refusals) {
    const answer = await connect(query!)
    expectRefused(answer, 401, 'UNAUTHORIZED', { where: label })
    const clientCode = new URLSearchParams(query).get('clientCode')
    assert.equal(
      answer.body.message,
      `This connect link is unknown, expired or already used; start again with a link from POST /api/clients/${clientCode}/google/connect-link (admin API)`,
      label,
    )
  }
  assert.deepEqual(await snapshotTables(env.server, GUARDED_TABLES), before)
  // The other client's link still works for its own client.
  assert.equal((await openConnectLink(env.server, url)).status, 302)
})

test('a connect link works once, even when opened many times at once', async () => {
  const { url } = await issueConnectLink(env.server, env.tenant.clientCode)
  const opens = await Promise.all(Array.from({ length: 8 }, () => openConnectLink(env.server, url)))
  assert.deepEqual(opens.map((open) => open.status).sort(), [302, 401, 401, 401, 401, 401, 401, 401])
  expectRefused(await openConnectLink(env.server, url), 401, 'UNAUTHORIZED')
})

test('an expired connect link is refused', async () => {
  const other = await createTenant(env.server, 'Late Operator')
  const { url } = await issueConnectLink(env.server, other.clientCode)
  // As if the operator opened the link more than its 10 minutes after it was issued.
  await expirePending(other.clientCode)
  expectRefused(await openConnectLink(env.server, url), 401, 'UNAUTHORIZED')
})

test('a connect link is not a state: the callback refuses its token', async () => {
  const { url } = await issueConnectLink(env.server, env.tenant.clientCode)
  const { code } = google.grant()
  expectRefused(await callback(env.server, `code=${encodeURIComponent(code)}&state=${linkToken(url)}`), 400, 'OAUTH_STATE_INVALID')
  assert.equal(google.tokenRequests.length, 0)
  assert.equal((await openConnectLink(env.server, url)).status, 302, 'the link is still unused')
})

test('the admin API issues no link for an unknown client (404)', async () => {
  const before = await snapshotTables(env.server, GUARDED_TABLES)
  const result = await request(env.server, 'POST', '/api/clients/nobody_here/google/connect-link', { headers: adminHeaders(env.server) })
  expectRefused(result, 404, 'CLIENT_NOT_FOUND')
  assert.deepEqual(await snapshotTables(env.server, GUARDED_TABLES), before)
})

test('a forged state is refused before Google is asked, and nothing is stored', async () => {
  await startConsent(env.server, env.tenant.clientCode)
  const before = await snapshotTables(env.server, GUARDED_TABLES)
  const { code } = google.grant()
  for (const state of ['made-up-state', 'A'.repeat(43)]) {
    expectRefused(await callback(env.server, `code=${encodeURIComponent(code)}&state=${state}`), 400, 'OAUTH_STATE_INVALID')
  }
  expectRefused(await callback(env.server, `code=${encodeURIComponent(code)}`), 400, 'VALIDATION_ERROR')
  assert.equal(google.tokenRequests.length, 0)
  assert.deepEqual(await snapshotTables(env.server, GUARDED_TABLES), before)
})

test('a state works once: replaying a callback is refused and does not exchange the new code', async () => {
  const { state } = await startConsent(env.server, env.tenant.clientCode)
  const first = google.grant()
  assert.equal((await callback(env.server, `code=${encodeURIComponent(first.code)}&state=${state}`)).status, 200)
  const stored = await snapshotTables(env.server, GUARDED_TABLES)
  const second = google.grant()
  expectRefused(await callback(env.server, `code=${encodeURIComponent(second.code)}&state=${state}`), 400, 'OAUTH_STATE_INVALID')
  assert.equal(google.tokenRequests.length, 1)
  assert.deepEqual(await snapshotTables(env.server, GUARDED_TABLES), stored)
})

test('an expired state is refused', async () => {
  const other = await createTenant(env.server, 'Slow Operator')
  const { state } = await startConsent(env.server, other.clientCode)
  // As if the operator left Google's consent screen open for more than the state's 10 minutes.
  await expirePending(other.clientCode)
  const { code } = google.grant()
  expectRefused(await callback(env.server, `code=${encodeURIComponent(code)}&state=${state}`), 400, 'OAUTH_STATE_INVALID')
  assert.equal(google.tokenRequests.length, 0)
  const client = await request(env.server, 'GET', `/api/clients/${other.clientCode}`, { headers: adminHeaders(env.server) })
  assert.equal(client.body.data.secrets.googleRefreshToken, false)
})

test('a consent Google did not complete stores nothing and says how to start again', async () => {
  const other = await createTenant(env.server, 'Refusing Operator')
  const before = await snapshotTables(env.server, ['client_secrets'])
  const outcomes: [string, Parameters<typeof google.grant>[0] | undefined, RegExp][] = [
    ['refused on the consent screen', undefined, /access_denied/],
    ['no refresh token issued', {}, /no refresh token/],
    ['calendar access unticked', { refreshToken: '1//granted-without-calendar', scope: 'openid email' }, /Calendar events was not granted/],
  ]
  for (const [label, grant, message] of outcomes) {
    const { state } = await startConsent(env.server, other.clientCode)
    const query = grant ? `code=${encodeURIComponent(google.grant(grant).code)}&state=${state}` : `error=access_denied&state=${state}`
    const result = await callback(env.server, query)
    expectRefused(result, 400, 'GOOGLE_OAUTH_FAILED')
    assert.match(result.body.message, message, label)
    assert.ok(result.body.message.includes(`POST /api/clients/${other.clientCode}/google/connect-link`), label)
    // The state was used up even so.
    expectRefused(await callback(env.server, query), 400, 'OAUTH_STATE_INVALID')
  }
  assert.deepEqual(await snapshotTables(env.server, ['client_secrets']), before)
})

test('a code Google rejects is a 400, a token endpoint that fails or cannot be reached a 502', async () => {
  const before = await snapshotTables(env.server, ['client_secrets'])
  const rejected = await callback(env.server, `code=4%2Fnot-issued&state=${(await startConsent(env.server, env.tenant.clientCode)).state}`)
  expectRefused(rejected, 400, 'GOOGLE_OAUTH_FAILED')
  assert.match(rejected.body.message, /invalid_grant/)

  google.edge.use(http.post(TOKEN_URL, () => HttpResponse.json({ error: 'backend_error' }, { status: 503 })))
  const failing = await callback(env.server, `code=${encodeURIComponent(google.grant().code)}&state=${(await startConsent(env.server, env.tenant.clientCode)).state}`)
  expectRefused(failing, 502, 'GOOGLE_UNAVAILABLE')

  google.edge.use(http.post(TOKEN_URL, () => HttpResponse.error()))
  const unreachable = await callback(env.server, `code=${encodeURIComponent(google.grant().code)}&state=${(await startConsent(env.server, env.tenant.clientCode)).state}`)
  expectRefused(unreachable, 502, 'GOOGLE_UNAVAILABLE')
  assert.match(unreachable.body.message, /could not be reached/)
  assert.deepEqual(await snapshotTables(env.server, ['client_secrets']), before)
})

test('the admin secrets route cannot set the Google refresh token', async () => {
  const before = await snapshotTables(env.server, ['client_secrets'])
  const result = await request(env.server, 'POST', `/api/clients/${env.tenant.clientCode}/secrets`, {
    headers: adminHeaders(env.server),
    json: { googleRefreshToken: '1//planted-token' },
  })
  expectRefused(result, 400, 'VALIDATION_ERROR')
  assert.deepEqual(await snapshotTables(env.server, ['client_secrets']), before)
})

test('without Google OAuth on the server: connect link, connect and callback answer 422, a trigger gets the warning', async () => {
  const other = await createTenant(bare.server, 'No Google')
  const link = await request(bare.server, 'POST', `/api/clients/${other.clientCode}/google/connect-link`, { headers: adminHeaders(bare.server) })
  expectRefused(link, 422, 'GOOGLE_NOT_CONFIGURED')
  expectRefused(await request(bare.server, 'GET', `/api/auth/google/connect?clientCode=${other.clientCode}&token=abc`), 422, 'GOOGLE_NOT_CONFIGURED')
  expectRefused(await callback(bare.server, 'code=4%2Fx&state=whatever'), 422, 'GOOGLE_NOT_CONFIGURED')
  const trigger = await triggerWithMeet(bare.server, other)
  assert.equal(trigger.status, 200, JSON.stringify(trigger.body))
  assert.equal(trigger.body.data.meetLink, null)
  assert.equal(trigger.body.data.meetWarning, 'Google OAuth is not configured on this server')
  assert.ok(trigger.body.data.eventLogId, 'the rest of the trigger ran')
})

test('a client that never connected its calendar gets a warning naming where the connect link comes from', async () => {
  const other = await createTenant(env.server, 'Never Connected')
  const trigger = await triggerWithMeet(env.server, other)
  assert.equal(trigger.status, 200, JSON.stringify(trigger.body))
  assert.equal(trigger.body.data.meetLink, null)
  assert.equal(
    trigger.body.data.meetWarning,
    `Google Calendar is not connected for this client; connect it with a link from POST /api/clients/${other.clientCode}/google/connect-link (admin API)`,
  )
  assert.ok(trigger.body.data.eventLogId)
  assert.equal(google.tokenRequests.length + google.inserts.length, 0)
})

test('a revoked grant gives a warning to reconnect, and client health no longer says connected', async () => {
  const other = await createTenant(env.server, 'Revoked Access')
  google.revoke(await connectCalendar(env.server, google, other.clientCode))
  const trigger = await triggerWithMeet(env.server, other)
  assert.equal(trigger.status, 200, JSON.stringify(trigger.body))
  assert.equal(trigger.body.data.meetLink, null)
  assert.match(trigger.body.data.meetWarning, /revoked or expired.*invalid_grant/)
  assert.ok(trigger.body.data.meetWarning.includes(`POST /api/clients/${other.clientCode}/google/connect-link`))
  assert.ok(trigger.body.data.eventLogId)
  assert.equal(google.inserts.length, 0)
  const health = await request(env.server, 'GET', '/api/saas/health/client', { headers: other.headers })
  assert.equal(health.body.data.services.googleMeet, 'configured')
})

test('Calendar refusing (403) or unreachable gives a warning with the reason; the trigger still runs', async () => {
  const other = await createTenant(env.server, 'Calendar Trouble')
  await connectCalendar(env.server, google, other.clientCode)
  google.edge.use(
    http.post(EVENTS_URL, () =>
      HttpResponse.json({ error: { code: 403, message: 'The caller does not have permission', status: 'PERMISSION_DENIED' } }, { status: 403 }),
      { once: true },
    ),
    http.post(EVENTS_URL, () => HttpResponse.error(), { once: true }),
  )
  const forbidden = await triggerWithMeet(env.server, other)
  assert.equal(forbidden.status, 200, JSON.stringify(forbidden.body))
  assert.equal(forbidden.body.data.meetLink, null)
  assert.equal(forbidden.body.data.meetWarning, 'Google Meet link could not be created: Google answered 403 (The caller does not have permission)')
  const unreachable = await triggerWithMeet(env.server, other)
  assert.equal(unreachable.body.data.meetLink, null)
  assert.match(unreachable.body.data.meetWarning, /^Google Meet link could not be created: Google could not be reached/)
  assert.ok(forbidden.body.data.eventLogId && unreachable.body.data.eventLogId)
})
