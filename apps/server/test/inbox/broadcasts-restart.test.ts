import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import pino from 'pino'
import { type RunningServer, startServer } from '../../src/server'
import { useTestServer } from '../helpers/use-test-server'
import { waitFor } from '../helpers/wait-for'
import { createBroadcast, getBroadcast, indianPhones, recipientsOf, setUpWhatsapp, simulateGraph } from './broadcasts-data'

const NUMBER = '109876543214001'
const { graph, calls } = simulateGraph()

before(() => graph.listen({ onUnhandledRequest: 'error' }))
// The API node queues nothing itself: worker nodes feed and send.
const env = useTestServer({
  tenants: { clinic: 'Broadcast Restart' },
  config: { role: 'api' },
  seed: async () => {
    await setUpWhatsapp(env.server, env.clinic, { phoneNumberId: NUMBER, perSecond: 20 })
  },
})
after(() => graph.close())

const startWorker = (): Promise<RunningServer> => startServer({ ...env.server.config, role: 'worker', port: 0 }, { logger: pino({ level: 'silent' }) })

test('a worker stopped mid-broadcast, a new one started: it resumes where it stopped and sends nobody twice', async () => {
  const phones = indianPhones(60_000_000, 300)
  let worker = await startWorker()
  try {
    const answer = await createBroadcast(env.server, env.clinic, {
      name: 'Restarted',
      templateName: 'health_camp_invite',
      recipients: phones.map((phone) => ({ phone, variables: ['A', 'B'] })),
    })
    assert.equal(answer.status, 202, JSON.stringify(answer.body))
    const id = answer.body.data.broadcastId
    await waitFor('a fifth sent', () => calls.length >= 60, 30_000)
    await worker.stop()
    // A slice under way when the node stopped ends within its 5 s; then nothing is sent without a worker.
    let seen = -1
    await waitFor('sending stopped', async () => {
      const now = calls.length
      const still = now === seen
      seen = now
      await new Promise((resolve) => setTimeout(resolve, 1_500))
      return still
    }, 30_000)
    const stopped = await getBroadcast(env.server, env.clinic, id)
    assert.equal(stopped.status, 'sending')
    assert.ok(stopped.counts.pending > 0, JSON.stringify(stopped.counts))
    // A send whose answer came after the node's database pool closed stays in flight: never sent
    // again (Meta may have it), the sweep fails it as interrupted (ADR 0020).
    const lost = calls.length - stopped.counts.sent
    assert.ok(lost >= 0 && stopped.counts.queued >= lost, `${lost} answers lost`)

    worker = await startWorker()
    const done = await waitFor('the rest sent', async () => {
      const broadcast = await getBroadcast(env.server, env.clinic, id)
      return broadcast.counts.sent === 300 - lost && broadcast
    }, 90_000)
    assert.deepEqual({ pending: done.counts.pending, queued: done.counts.queued }, { pending: 0, queued: lost })
    assert.equal(calls.length, 300)
    assert.deepEqual(new Set(calls.map((call) => `+${call.to}`)), new Set(phones))
    const recipients = await recipientsOf(env.server, env.clinic, id)
    assert.equal(new Set(recipients.map((r) => r.messageId)).size, 300)
  } finally {
    await worker.stop()
  }
})
