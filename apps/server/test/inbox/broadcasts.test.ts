import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { createEcodrix } from '@ecodrix/sdk'
import { request } from '../helpers/http'
import { deliverToWebhook, messagesDelivery, metaTimestamp } from '../helpers/meta-webhook'
import { useTestServer } from '../helpers/use-test-server'
import { waitFor } from '../helpers/wait-for'
import { completed, createBroadcast, getBroadcast, indianPhones, recipientsOf, setUpWhatsapp, simulateGraph } from './broadcasts-data'

const CLINIC_NUMBER = '109876543211001'
const SCHEDULED_NUMBER = '109876543211002'
const APP_SECRET = 'broadcast-app-secret'
const { graph, calls } = simulateGraph()

before(() => graph.listen({ onUnhandledRequest: 'error' }))
const env = useTestServer({
  tenants: { clinic: 'Broadcast Clinic', later: 'Broadcast Later', sandbox: 'Broadcast Sandbox' },
  seed: async () => {
    await setUpWhatsapp(env.server, env.clinic, { phoneNumberId: CLINIC_NUMBER, appSecret: APP_SECRET, perSecond: 400 })
    await setUpWhatsapp(env.server, env.later, { phoneNumberId: SCHEDULED_NUMBER, perSecond: 400 })
    await setUpWhatsapp(env.server, env.sandbox, { phoneNumberId: '109876543211003', token: 'mock_broadcasts' })
  },
})
after(() => graph.close())

const statusDelivery = (wamid: string, to: string, status: string, extra: Record<string, unknown> = {}) =>
  messagesDelivery(CLINIC_NUMBER, { statuses: [{ id: wamid, status, timestamp: metaTimestamp(), recipient_id: to, ...extra }] })

test('1,000 recipients with duplicates and invalid phones: counts, each valid phone sent once, statuses from webhooks, messages in conversations', async () => {
  const { server, clinic } = env
  const valid = indianPhones(10_000_000, 940)
  // The same phones again, written as people write them: each one a duplicate.
  const again = valid.slice(0, 30).map((phone) => `${phone.slice(0, 3)} ${phone.slice(3, 8)}-${phone.slice(8)}`)
  const invalid = Array.from({ length: 30 }, (_, i) => (i % 2 === 0 ? `12${i}` : `not a phone ${i}`))
  const recipients = [
    ...valid.map((phone, i) => ({ phone, variables: [`Guest ${i}`, 'March 20'] })),
    ...again.map((phone) => ({ phone, variables: ['Again', 'March 20'] })),
    ...invalid.map((phone) => ({ phone, variables: ['Nobody', 'March 20'] })),
  ]
  assert.equal(recipients.length, 1_000)

  const answer = await createBroadcast(server, clinic, { name: 'Summer Health Camp', templateName: 'health_camp_invite', recipients })
  assert.equal(answer.status, 202, JSON.stringify(answer.body))
  const { broadcastId, accepted, rejected, duplicates } = answer.body.data
  assert.deepEqual({ accepted, rejected, duplicates }, { accepted: 940, rejected: 30, duplicates: 30 })

  const done = await completed(server, clinic, broadcastId)
  assert.equal(done.counts.sent, 940)
  assert.equal(done.counts.rejected, 30)
  assert.equal(done.progress, 1)
  assert.ok(done.startedAt && done.finishedAt)

  // Each valid phone reached Graph exactly once, with the template and that recipient's variables.
  const sent = calls.filter((call) => call.phoneNumberId === CLINIC_NUMBER)
  assert.equal(sent.length, 940)
  assert.deepEqual(new Set(sent.map((call) => `+${call.to}`)), new Set(valid))
  const first = sent.find((call) => `+${call.to}` === valid[0])!
  assert.deepEqual(first.body.template, {
    name: 'health_camp_invite',
    language: { code: 'en_US' },
    components: [{ type: 'body', parameters: [{ type: 'text', text: 'Guest 0' }, { type: 'text', text: 'March 20' }] }],
  })

  // The SDK's pagination helper walks the recipients, page after page.
  const sdk = createEcodrix({ baseUrl: server.url, apiKey: clinic.apiKey, clientCode: clinic.clientCode, retryBaseDelayMs: 1 })
  const rejectedOnes = []
  const path = '/api/saas/chat/broadcasts/{broadcastId}/recipients'
  for await (const recipient of sdk.paginate(path, { params: { path: { broadcastId }, query: { status: 'rejected', limit: 7 } } })) rejectedOnes.push(recipient)
  assert.deepEqual(rejectedOnes.map((r) => r.givenPhone), invalid)
  assert.ok(rejectedOnes.every((r) => r.phone === null && /Not a phone number/.test(r.error ?? '') && r.messageId === null))

  // Meta's statuses move the recipients with their messages.
  const [reader, bounced] = (await recipientsOf(server, clinic, broadcastId, 'sent')).slice(0, 2)
  const wamidOf = async (recipient: any) => {
    const messages = await request(server, 'GET', `/api/saas/chat/conversations/${recipient.conversationId}/messages`, { headers: clinic.headers })
    const message = messages.body.data.find((m: any) => m.id === recipient.messageId)
    assert.equal(message.type, 'template')
    return message.wamid
  }
  const readerWamid = await wamidOf(reader)
  await deliverToWebhook(server, APP_SECRET, statusDelivery(readerWamid, reader.phone.slice(1), 'delivered'))
  await deliverToWebhook(server, APP_SECRET, statusDelivery(readerWamid, reader.phone.slice(1), 'read'))
  const errors = [{ code: 131026, title: 'Message undeliverable', message: 'Message undeliverable', error_data: { details: 'Message Undeliverable.' } }]
  await deliverToWebhook(server, APP_SECRET, statusDelivery(await wamidOf(bounced), bounced.phone.slice(1), 'failed', { errors }))

  const after = await waitFor('the statuses applied', async () => {
    const broadcast = await getBroadcast(server, clinic, broadcastId)
    return broadcast.counts.read === 1 && broadcast.counts.failed === 1 && broadcast
  })
  assert.equal(after.counts.sent, 938)
  const [read] = await recipientsOf(server, clinic, broadcastId, 'read')
  assert.equal(read.position, reader.position)
  assert.ok(read.deliveredAt && read.readAt)
  const [failed] = await recipientsOf(server, clinic, broadcastId, 'failed')
  assert.deepEqual({ position: failed.position, errorCode: failed.errorCode, error: failed.error }, { position: bounced.position, errorCode: 131026, error: 'Message undeliverable' })

  // The message is the conversation's last, as any send's.
  const conversation = await request(server, 'GET', `/api/saas/chat/conversations/${reader.conversationId}`, { headers: clinic.headers })
  assert.equal(conversation.body.data.phone, reader.phone)
  assert.equal(conversation.body.data.lastMessagePreview, 'Template: health_camp_invite')

  const listed = await request(server, 'GET', '/api/saas/chat/broadcasts', { headers: clinic.headers })
  assert.equal(listed.status, 200)
  const summary = listed.body.data.find((b: any) => b.id === broadcastId)
  assert.deepEqual(summary.counts, after.counts)
})

test('a broadcast by audience sends to the matching leads, linked to their conversations', async () => {
  const { server, clinic } = env
  const phones = indianPhones(20_000_000, 4)
  const lead = async (phone: string, tags: string[], source: string) => {
    const created = await request(server, 'POST', '/api/crm/leads', { headers: clinic.headers, json: { firstName: 'Lead', phone, tags, source } })
    assert.equal(created.status, 201, JSON.stringify(created.body))
    return created.body.data.id as string
  }
  const hot = await lead(phones[0]!, ['hot', 'camp'], 'camp')
  const hotToo = await lead(phones[1]!, ['hot'], 'camp')
  await lead(phones[2]!, ['hot'], 'website')
  await lead(phones[3]!, ['cold'], 'camp')

  const answer = await createBroadcast(server, clinic, {
    name: 'Hot leads',
    templateName: 'health_camp_invite',
    audience: { tags: ['hot'], source: 'camp' },
    variables: ['friend', 'March 21'],
  })
  assert.equal(answer.status, 202, JSON.stringify(answer.body))
  assert.deepEqual({ accepted: answer.body.data.accepted, rejected: answer.body.data.rejected }, { accepted: 2, rejected: 0 })
  await completed(server, clinic, answer.body.data.broadcastId)
  const recipients = await recipientsOf(server, clinic, answer.body.data.broadcastId)
  assert.deepEqual(recipients.map((r) => r.phone), [phones[0], phones[1]])
  for (const [recipient, leadId] of [[recipients[0], hot], [recipients[1], hotToo]] as const) {
    const conversation = await request(server, 'GET', `/api/saas/chat/conversations/${recipient.conversationId}`, { headers: clinic.headers })
    assert.equal(conversation.body.data.leadId, leadId)
  }
  const sent = calls.filter((call) => phones.slice(0, 2).includes(`+${call.to}`))
  assert.equal(sent.length, 2)
  assert.deepEqual(sent[0]!.body.template.components[0].parameters.map((p: any) => p.text), ['friend', 'March 21'])
})

test('a scheduled broadcast waits for scheduledAt; cancelling it stops every recipient', async () => {
  const { server, later } = env
  const phones = indianPhones(30_000_000, 5)
  const scheduledAt = new Date(Date.now() + 3_600_000).toISOString()
  const answer = await createBroadcast(server, later, {
    name: 'Next hour',
    templateName: 'health_camp_invite',
    scheduledAt,
    recipients: phones.map((phone) => ({ phone, variables: ['A', 'B'] })),
  })
  assert.equal(answer.status, 202, JSON.stringify(answer.body))
  assert.equal(answer.body.data.status, 'scheduled')
  assert.equal(answer.body.data.scheduledAt, scheduledAt)
  const id = answer.body.data.broadcastId

  await new Promise((resolve) => setTimeout(resolve, 1_500))
  const waiting = await getBroadcast(server, later, id)
  assert.equal(waiting.status, 'scheduled')
  assert.equal(waiting.counts.pending, 5)
  assert.equal(calls.filter((call) => call.phoneNumberId === SCHEDULED_NUMBER).length, 0)

  const cancelled = await request(server, 'POST', `/api/saas/chat/broadcasts/${id}/cancel`, { headers: later.headers })
  assert.equal(cancelled.status, 200, JSON.stringify(cancelled.body))
  assert.equal(cancelled.body.data.status, 'cancelled')
  assert.equal(cancelled.body.data.counts.cancelled, 5)
  assert.ok(cancelled.body.data.cancelledAt)
  const again = await request(server, 'POST', `/api/saas/chat/broadcasts/${id}/cancel`, { headers: later.headers })
  assert.equal(again.status, 409)
  assert.equal(again.body.code, 'BROADCAST_FINISHED')
})

test('with the sandbox token, the README walk-through: a duplicate and an invalid phone, the others read a few seconds later', async () => {
  const { server, sandbox } = env
  const recipients = [
    { phone: '+919876543210', variables: ['Ravi', 'Sunday'] },
    { phone: '98765 43210', variables: ['Ravi again', 'Sunday'] },
    { phone: '12345', variables: ['Nobody', 'Sunday'] },
    { phone: '+919999999999', variables: ['Priya', 'Sunday'] },
  ]
  const answer = await createBroadcast(server, sandbox, { name: 'Sunday camp', templateName: 'health_camp_invite', recipients })
  assert.equal(answer.status, 202, JSON.stringify(answer.body))
  assert.deepEqual([answer.body.data.accepted, answer.body.data.rejected, answer.body.data.duplicates], [2, 1, 1])
  const read = await waitFor('both read', async () => {
    const broadcast = await getBroadcast(server, sandbox, answer.body.data.broadcastId)
    return broadcast.counts.read === 2 && broadcast
  })
  assert.equal(read.status, 'completed')
  assert.equal(calls.filter((call) => call.phoneNumberId === '109876543211003').length, 0)
})

test('100,000 recipients, the most a broadcast takes, are accepted at once (scheduled, then cancelled)', async () => {
  const { server, later } = env
  const recipients = indianPhones(70_000_000, 100_000).map((phone) => ({ phone, variables: ['A', 'B'] }))
  const scheduledAt = new Date(Date.now() + 3_600_000).toISOString()
  const answer = await createBroadcast(server, later, { name: 'Largest', templateName: 'health_camp_invite', scheduledAt, recipients })
  assert.equal(answer.status, 202, JSON.stringify(answer.body))
  assert.equal(answer.body.data.accepted, 100_000)
  const cancelled = await request(server, 'POST', `/api/saas/chat/broadcasts/${answer.body.data.broadcastId}/cancel`, { headers: later.headers })
  assert.equal(cancelled.body.data.counts.cancelled, 100_000)
})
