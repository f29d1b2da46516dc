import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { request } from '../helpers/http'
import { useTestServer } from '../helpers/use-test-server'
import { waitFor } from '../helpers/wait-for'
import { completed, createBroadcast, getBroadcast, graphError, indianPhones, recipientsOf, setUpWhatsapp, simulateGraph } from './broadcasts-data'

const PACED_NUMBER = '109876543213001'
const THROTTLED_NUMBER = '109876543213002'
const CANCEL_NUMBER = '109876543213003'
/** Contacts Graph refuses for good (Meta's 131026, "Message undeliverable"). */
const UNDELIVERABLE = new Set(indianPhones(51_000_000, 3).map((phone) => phone.slice(1)))

const { graph, calls } = simulateGraph((call, earlier) => {
  // Meta's throughput limit on the first try of every 10th contact of the throttled number.
  if (call.phoneNumberId === THROTTLED_NUMBER && earlier === 0 && Number(call.to.slice(-1)) === 7) {
    return graphError(400, 130429, 'Rate limit hit')
  }
  if (UNDELIVERABLE.has(call.to)) return graphError(400, 131026, 'Message undeliverable')
  return undefined
})

before(() => graph.listen({ onUnhandledRequest: 'error' }))
const env = useTestServer({
  tenants: { paced: 'Broadcast Paced', throttled: 'Broadcast Throttled', cancelled: 'Broadcast Cancelled' },
  seed: async () => {
    await setUpWhatsapp(env.server, env.paced, { phoneNumberId: PACED_NUMBER, perSecond: 20 })
    await setUpWhatsapp(env.server, env.throttled, { phoneNumberId: THROTTLED_NUMBER, perSecond: 200 })
    await setUpWhatsapp(env.server, env.cancelled, { phoneNumberId: CANCEL_NUMBER, perSecond: 10 })
  },
})
after(() => graph.close())

const callsOf = (phoneNumberId: string) => calls.filter((call) => call.phoneNumberId === phoneNumberId)
const recipientsFor = (phones: string[]) => phones.map((phone, i) => ({ phone, variables: [`Guest ${i}`, 'March 20'] }))

test("at the number's 20 a second, 200 recipients take at least 9 s, never faster", async () => {
  const answer = await createBroadcast(env.server, env.paced, { name: 'Paced', templateName: 'health_camp_invite', recipients: recipientsFor(indianPhones(50_000_000, 200)) })
  assert.equal(answer.status, 202, JSON.stringify(answer.body))
  await completed(env.server, env.paced, answer.body.data.broadcastId)
  const sent = callsOf(PACED_NUMBER)
  assert.equal(sent.length, 200)
  // 200 sends 1/20 s apart span 199/20 = 9.95 s.
  assert.ok(sent.at(-1)!.at - sent[0]!.at >= 9_000, `200 sends took ${sent.at(-1)!.at - sent[0]!.at} ms`)
})

test('130429 slows the number down and is retried: nothing lost; a permanent error fails that recipient only', async () => {
  const phones = [...indianPhones(52_000_000, 100), ...[...UNDELIVERABLE].map((digits) => `+${digits}`)]
  const answer = await createBroadcast(env.server, env.throttled, { name: 'Throttled', templateName: 'health_camp_invite', recipients: recipientsFor(phones) })
  assert.equal(answer.status, 202, JSON.stringify(answer.body))
  const done = await completed(env.server, env.throttled, answer.body.data.broadcastId)
  assert.equal(done.counts.sent, 100)
  assert.equal(done.counts.failed, 3)

  const sent = callsOf(THROTTLED_NUMBER)
  const throttled = phones.filter((phone) => phone.endsWith('7') && !UNDELIVERABLE.has(phone.slice(1)))
  assert.ok(throttled.length >= 10)
  for (const phone of phones) {
    const expected = throttled.includes(phone) ? 2 : 1
    assert.equal(sent.filter((call) => call.to === phone.slice(1)).length, expected, phone)
  }
  const failed = await recipientsOf(env.server, env.throttled, answer.body.data.broadcastId, 'failed')
  assert.deepEqual(new Set(failed.map((r) => r.phone.slice(1))), UNDELIVERABLE)
  assert.ok(failed.every((r) => r.errorCode === 131026 && r.failedAt))
})

test('cancel mid-broadcast: what was sent stays sent, nothing more reaches Graph', async () => {
  const phones = indianPhones(53_000_000, 100)
  const answer = await createBroadcast(env.server, env.cancelled, { name: 'Cancelled', templateName: 'health_camp_invite', recipients: recipientsFor(phones) })
  assert.equal(answer.status, 202, JSON.stringify(answer.body))
  const id = answer.body.data.broadcastId
  await waitFor('a few sent', () => callsOf(CANCEL_NUMBER).length >= 5)
  const cancelled = await request(env.server, 'POST', `/api/saas/chat/broadcasts/${id}/cancel`, { headers: env.cancelled.headers })
  assert.equal(cancelled.status, 200, JSON.stringify(cancelled.body))
  const atCancel = callsOf(CANCEL_NUMBER).length
  // Messages already handed to Graph when it was cancelled still get their answer; then nothing more.
  await new Promise((resolve) => setTimeout(resolve, 2_000))
  const settled = await getBroadcast(env.server, env.cancelled, id)
  const sentCount = callsOf(CANCEL_NUMBER).length
  assert.ok(sentCount < 100 && sentCount <= atCancel + 5, `${sentCount} sent, ${atCancel} at cancel`)
  assert.equal(settled.status, 'cancelled')
  assert.equal(settled.counts.sent, sentCount)
  assert.equal(settled.counts.cancelled, 100 - sentCount)
  assert.equal(settled.counts.pending + settled.counts.queued, 0)
  await new Promise((resolve) => setTimeout(resolve, 1_000))
  assert.equal(callsOf(CANCEL_NUMBER).length, sentCount)
})
