import assert from 'node:assert/strict'
import { after, afterEach, before, test } from 'node:test'
import { adminHeaders, request } from '../helpers/http'
import { createTenant } from '../helpers/tenants'
import { useTestServer } from '../helpers/use-test-server'
import { CALENDAR_SCOPE, connectCalendar, issueConnectLink, simulateGoogle, startConsent } from './simulated-google'

const GOOGLE_CLIENT = { clientId: 'ecodrix-test.apps.googleusercontent.com', clientSecret: 'GOCSPX-test-secret' }
const env = useTestServer({
  config: { google: GOOGLE_CLIENT, publicUrl: 'https://api.ecodrix.test' },
  tenants: { tenant: 'Nirvisham <Clinics>' },
})
const google = simulateGoogle()
before(() => google.edge.listen({ onUnhandledRequest: 'error' }))
afterEach(() => {
  google.tokenRequests.length = 0
  google.inserts.length = 0
})
after(() => google.edge.close())

const storedRefreshTokens = (clientCode: string) =>
  env.server.platform.db
    .selectFrom('client_secrets')
    .select('ciphertext')
    .where('client_code', '=', clientCode)
    .where('name', '=', 'googleRefreshToken')
    .execute()

test('the admin API issues a one-time connect link for the client, valid for 10 minutes, kept only as a hash', async () => {
  const askedAt = Date.now()
  const { url, expiresAt } = await issueConnectLink(env.server, env.tenant.clientCode)
  const answeredAt = Date.now()
  const link = new URL(url)
  assert.equal(`${link.origin}${link.pathname}`, 'https://api.ecodrix.test/api/auth/google/connect')
  assert.equal(link.searchParams.get('clientCode'), env.tenant.clientCode)
  const token = link.searchParams.get('token')!
  assert.match(token, /^[A-Za-z0-9_-]{43}$/)
  const issuedAt = Date.parse(expiresAt) - 10 * 60_000
  assert.ok(issuedAt >= askedAt && issuedAt <= answeredAt, expiresAt)
  assert.notEqual(new URL((await issueConnectLink(env.server, env.tenant.clientCode)).url).searchParams.get('token'), token)
  const links = await env.server.platform.db.selectFrom('google_oauth_states').selectAll().where('step', '=', 'link').execute()
  assert.ok(links.length >= 2)
  assert.ok(links.every((row) => row.token_hash !== token && row.client_code === env.tenant.clientCode))
})

test('connect redirects the browser to Google consent for offline Calendar access, with a fresh state', async () => {
  const { location, state } = await startConsent(env.server, env.tenant.clientCode)
  assert.equal(`${location.origin}${location.pathname}`, 'https://accounts.google.com/o/oauth2/v2/auth')
  const query = Object.fromEntries(location.searchParams)
  assert.equal(query.client_id, GOOGLE_CLIENT.clientId)
  assert.equal(query.redirect_uri, 'https://api.ecodrix.test/api/auth/google/callback')
  assert.equal(query.response_type, 'code')
  assert.equal(query.scope, CALENDAR_SCOPE)
  assert.equal(query.access_type, 'offline')
  assert.equal(query.prompt, 'consent')
  assert.match(state, /^[A-Za-z0-9_-]{43}$/)
  assert.notEqual((await startConsent(env.server, env.tenant.clientCode)).state, state)
  // Only a hash of the state is kept.
  const pending = await env.server.platform.db.selectFrom('google_oauth_states').selectAll().where('step', '=', 'consent').execute()
  assert.ok(pending.length >= 2)
  assert.ok(pending.every((row) => row.token_hash !== state && row.client_code === env.tenant.clientCode))
})

test('the callback exchanges the code and stores the refresh token encrypted; the browser gets a page', async () => {
  const { state } = await startConsent(env.server, env.tenant.clientCode)
  const { code, refreshToken } = google.grant()
  const page = await request(env.server, 'GET', `/api/auth/google/callback?code=${encodeURIComponent(code)}&state=${state}&scope=${CALENDAR_SCOPE}`)
  assert.equal(page.status, 200, JSON.stringify(page.body))
  assert.match(page.headers.get('content-type')!, /^text\/html/)
  assert.equal(page.headers.get('cache-control'), 'no-store')
  assert.match(page.body, /Google Calendar connected for Nirvisham &lt;Clinics&gt;/)

  const exchange = google.tokenRequests.find((form) => form.get('grant_type') === 'authorization_code')!
  assert.equal(exchange.get('code'), code)
  assert.equal(exchange.get('client_id'), GOOGLE_CLIENT.clientId)
  assert.equal(exchange.get('client_secret'), GOOGLE_CLIENT.clientSecret)
  assert.equal(exchange.get('redirect_uri'), 'https://api.ecodrix.test/api/auth/google/callback')

  const [stored] = await storedRefreshTokens(env.tenant.clientCode)
  assert.ok(stored)
  assert.ok(!stored.ciphertext.includes(refreshToken!.slice(3)), 'the database holds ciphertext, not the token')
  const slot = `secret:${env.tenant.clientCode}:googleRefreshToken`
  assert.equal(env.server.platform.secretBox.decrypt(stored.ciphertext, slot), refreshToken)
  const client = await request(env.server, 'GET', `/api/clients/${env.tenant.clientCode}`, { headers: adminHeaders(env.server) })
  assert.equal(client.body.data.secrets.googleRefreshToken, true)
  assert.doesNotMatch(JSON.stringify(client.body), new RegExp(refreshToken!.slice(3)))
})

test('with Accept: application/json the callback answers the envelope; a new consent replaces the token', async () => {
  await connectCalendar(env.server, google, env.tenant.clientCode)
  const before = await storedRefreshTokens(env.tenant.clientCode)
  const { state } = await startConsent(env.server, env.tenant.clientCode)
  const { code } = google.grant()
  const answer = await request(env.server, 'GET', `/api/auth/google/callback?code=${encodeURIComponent(code)}&state=${state}`, {
    headers: { accept: 'application/json' },
  })
  assert.equal(answer.status, 200)
  assert.deepEqual(answer.body, {
    success: true,
    data: { clientCode: env.tenant.clientCode, name: 'Nirvisham <Clinics>', scopes: [CALENDAR_SCOPE] },
  })
  const after = await storedRefreshTokens(env.tenant.clientCode)
  assert.equal(after.length, 1)
  assert.notEqual(after[0]!.ciphertext, before[0]!.ciphertext)
})

test('client health shows Google Meet connected once Google accepts the stored token', async () => {
  const fresh = await createTenant(env.server, 'Health Meet')
  const health = async () => (await request(env.server, 'GET', '/api/saas/health/client', { headers: fresh.headers })).body.data.services
  assert.equal((await health()).googleMeet, 'not_configured')
  const refreshToken = await connectCalendar(env.server, google, fresh.clientCode)
  assert.equal((await health()).googleMeet, 'connected')
  const refresh = google.tokenRequests.findLast((form) => form.get('grant_type') === 'refresh_token')!
  assert.equal(refresh.get('refresh_token'), refreshToken)
})

test('a trigger with requiresMeet creates a Calendar event with a Meet conference and returns its link', async () => {
  const fresh = await createTenant(env.server, 'Meet Clinic')
  const refreshToken = await connectCalendar(env.server, google, fresh.clientCode)
  const trigger = await request(env.server, 'POST', '/api/saas/workflows/trigger', {
    headers: fresh.headers,
    json: {
      trigger: 'appointment_confirmed',
      phone: '919876543210',
      requiresMeet: true,
      meetConfig: {
        title: 'Consultation: Dr. Sharma + Ravi',
        startTime: '2026-03-15T09:30:00Z',
        durationMinutes: 45,
        attendeeEmail: 'patient@example.com',
      },
    },
  })
  assert.equal(trigger.status, 200, JSON.stringify(trigger.body))
  assert.equal(trigger.body.data.meetLink, 'https://meet.google.com/abc-defg-hij')
  assert.equal(trigger.body.data.meetWarning, null)
  assert.ok(trigger.body.data.eventLogId)

  assert.equal(google.inserts.length, 1)
  const [insert] = google.inserts
  assert.equal(insert!.calendarId, 'primary')
  assert.equal(insert!.query.get('conferenceDataVersion'), '1')
  assert.equal(insert!.query.get('sendUpdates'), 'all')
  assert.match(insert!.authorization!, /^Bearer ya29\./)
  const { conferenceData, ...event } = insert!.body
  assert.deepEqual(event, {
    summary: 'Consultation: Dr. Sharma + Ravi',
    start: { dateTime: '2026-03-15T09:30:00.000Z' },
    end: { dateTime: '2026-03-15T10:15:00.000Z' },
    attendees: [{ email: 'patient@example.com' }],
  })
  assert.deepEqual(conferenceData.createRequest.conferenceSolutionKey, { type: 'hangoutsMeet' })
  assert.match(conferenceData.createRequest.requestId, /^[0-9a-f-]{36}$/)
  assert.equal(google.tokenRequests.at(-1)!.get('refresh_token'), refreshToken)
})

test('without an attendee the event is created without invitations and a default title', async () => {
  const fresh = await createTenant(env.server, 'Quiet Clinic')
  await connectCalendar(env.server, google, fresh.clientCode)
  const trigger = await request(env.server, 'POST', '/api/saas/workflows/trigger', {
    headers: fresh.headers,
    json: { trigger: 'form_submitted', requiresMeet: true, meetConfig: { startTime: '2026-03-15T09:30:00Z' } },
  })
  assert.equal(trigger.body.data.meetLink, 'https://meet.google.com/abc-defg-hij')
  const [insert] = google.inserts
  assert.equal(insert!.query.get('sendUpdates'), 'none')
  assert.equal(insert!.body.attendees, undefined)
  assert.equal(insert!.body.summary, 'Meeting')
  assert.deepEqual(insert!.body.end, { dateTime: '2026-03-15T10:00:00.000Z' })
})
