import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { http, HttpResponse } from 'msw'
import { z } from 'zod'
import { defineJob } from '../../src/platform/jobs/define-job'
import { createRule, tagRule } from '../automations/rule-data'
import { adminHeaders, request } from '../helpers/http'
import { simulateThirdParties } from '../helpers/network-edge'
import { type SmtpReceiver, startSmtpReceiver } from '../helpers/smtp-receiver'
import type { TestTenant } from '../helpers/tenants'
import { useTestServer } from '../helpers/use-test-server'
import { waitFor } from '../helpers/wait-for'

const GRAPH = 'https://graph.facebook.com/v21.0'
const graphCalls: { path: string; authorization: string | null }[] = []
const graph = simulateThirdParties(
  http.get(`${GRAPH}/:phoneNumberId`, ({ request: req, params }) => {
    graphCalls.push({ path: new URL(req.url).pathname, authorization: req.headers.get('authorization') })
    if (req.headers.get('authorization') !== 'Bearer EAAG-valid') {
      return HttpResponse.json(
        { error: { message: 'Invalid OAuth access token - Cannot parse access token', type: 'OAuthException', code: 190, fbtrace_id: 'AbCdEf' } },
        { status: 401 },
      )
    }
    return HttpResponse.json({ display_phone_number: '+91 98765 43210', id: params.phoneNumberId })
  }),
)

let smtp: SmtpReceiver
before(async () => {
  graph.listen({ onUnhandledRequest: 'error' })
  smtp = await startSmtpReceiver({ user: 'mailer', pass: 'right-password' })
})
const env = useTestServer({ tenants: { tenant: 'Health A', other: 'Health B' } })
after(async () => {
  graph.close()
  await smtp?.close()
})

const setSecrets = (target: TestTenant, secrets: Record<string, unknown>) =>
  request(env.server, 'POST', `/api/clients/${target.clientCode}/secrets`, { headers: adminHeaders(env.server), json: secrets })
const clientHealth = async (target: TestTenant) => {
  const result = await request(env.server, 'GET', '/api/saas/health/client', { headers: target.headers })
  assert.equal(result.status, 200, JSON.stringify(result.body))
  return result.body.data
}

test('GET /api/saas/health is public and reports the server and database', async () => {
  const result = await request(env.server, 'GET', '/api/saas/health')
  assert.equal(result.status, 200)
  assert.equal(result.body.success, true)
  assert.equal(result.body.data.status, 'ok')
  assert.equal(result.body.data.db, 'connected')
  assert.ok(Number.isInteger(result.body.data.uptime) && result.body.data.uptime >= 0)
})

test('a new tenant has nothing configured, no automations and an empty queue', async () => {
  assert.deepEqual(await clientHealth(env.tenant), {
    clientCode: env.tenant.clientCode,
    services: { whatsapp: 'not_configured', email: 'not_configured', googleMeet: 'not_configured' },
    activeAutomations: 0,
    queueDepth: 0,
  })
})

test('WhatsApp is connected when the Graph API accepts the token, configured when it refuses it', async () => {
  await setSecrets(env.tenant, { whatsappToken: 'EAAG-valid', whatsappPhoneNumberId: '109876543210987' })
  graphCalls.length = 0
  assert.equal((await clientHealth(env.tenant)).services.whatsapp, 'connected')
  assert.deepEqual(graphCalls, [{ path: '/v21.0/109876543210987', authorization: 'Bearer EAAG-valid' }])

  await setSecrets(env.tenant, { whatsappToken: 'EAAG-expired' })
  assert.equal((await clientHealth(env.tenant)).services.whatsapp, 'configured')

  graphCalls.length = 0
  await setSecrets(env.tenant, { whatsappToken: 'mock_sandbox_token' })
  assert.equal((await clientHealth(env.tenant)).services.whatsapp, 'connected')
  assert.equal(graphCalls.length, 0, 'a mock_ token never reaches the network')
})

test('email is connected when the SMTP server accepts the login, configured when it does not', async () => {
  await setSecrets(env.tenant, { smtpHost: '127.0.0.1', smtpPort: smtp.port, smtpUser: 'mailer', smtpPass: 'right-password', smtpFrom: 'Clinic <mailer@example.com>' })
  assert.equal((await clientHealth(env.tenant)).services.email, 'connected')
  await setSecrets(env.tenant, { smtpPass: 'wrong-password' })
  assert.equal((await clientHealth(env.tenant)).services.email, 'configured')
  await setSecrets(env.tenant, { smtpPort: 1 })
  assert.equal((await clientHealth(env.tenant)).services.email, 'configured')
})

test('activeAutomations counts the enabled rules of the calling tenant only', async () => {
  await createRule(env.server, env.tenant, tagRule({ name: 'on', trigger: 'form_submitted' }))
  await createRule(env.server, env.tenant, tagRule({ name: 'also on', trigger: 'lead_created' }))
  await createRule(env.server, env.tenant, tagRule({ name: 'off', trigger: 'form_submitted', isActive: false }))
  assert.equal((await clientHealth(env.tenant)).activeAutomations, 2)
  assert.equal((await clientHealth(env.other)).activeAutomations, 0)
})

test('queueDepth counts the tenant’s pending background jobs from the job store', async () => {
  const { jobs } = env.server.platform
  const pending = defineJob({ name: 'test.pending', data: z.object({ clientCode: z.string() }), run: async () => {} })
  await jobs.register(env.server.platform, [pending])
  const inHours = (hours: number) => ({ at: new Date(Date.now() + hours * 3_600_000) })
  await jobs.enqueue(pending, { clientCode: env.tenant.clientCode }, inHours(1))
  await jobs.enqueue(pending, { clientCode: env.tenant.clientCode }, inHours(2))
  await jobs.enqueue(pending, { clientCode: env.other.clientCode }, inHours(1))
  const finished = await jobs.enqueue(pending, { clientCode: env.tenant.clientCode })
  await waitFor('the job due now to finish', async () => (await jobs.status(finished))?.status === 'completed')
  assert.equal((await clientHealth(env.tenant)).queueDepth, 2)
  assert.equal((await clientHealth(env.other)).queueDepth, 1)
})
