import assert from 'node:assert/strict'
import { test } from 'node:test'
import { runCli, serverWithTenant, startCli } from './cli'

const { erix, env } = await serverWithTenant()

test('trigger --wait prints each action outcome and exits 0 when the event completed', async () => {
  await erix.POST('/api/crm/automations', {
    body: { name: 'Tag bookings', trigger: 'appointment_confirmed', actions: [{ type: 'add_tag', config: { tag: 'booked' } }] },
  })
  const run = await runCli(['trigger', 'appointment_confirmed', '--phone', '+919876543210', '--var', 'name=Ravi', '--var', 'slot=3', '--create-lead', '--wait'], env)
  assert.equal(run.code, 0, run.stdout + run.stderr)
  assert.match(run.stdout, /Fired appointment_confirmed: event \S+, 1 rule\(s\) matched/)
  assert.match(run.stdout, /^ {2}ok add_tag \(Tag bookings\)$/m)
  assert.match(run.stdout, /event \S+ completed$/m)
  assert.doesNotMatch(run.stdout, /\u001b\[/, 'no colour or progress when piped')
  const eventLogId = /event (\S+),/.exec(run.stdout)?.[1] ?? ''
  const log = await erix.GET('/api/saas/events/logs/{logId}', { params: { path: { logId: eventLogId } } })
  assert.equal(log.status, 'completed')
})

test('trigger --wait exits 1 and shows why when an action failed', async () => {
  await erix.POST('/api/crm/automations', {
    body: { name: 'Mail', trigger: 'mail_me', actions: [{ type: 'send_email', config: { subject: 'Hi', htmlBody: 'Hello' } }] },
  })
  const run = await runCli(['trigger', 'mail_me', '--email', 'ravi@example.com', '--wait'], env)
  assert.equal(run.code, 1, run.stdout + run.stderr)
  assert.match(run.stdout, /^ {2}failed send_email \(Mail\) — .+$/m)
  assert.match(run.stdout, /event \S+ failed/)
})

test('events tail prints new events as they arrive; a refused trigger exits 1 with the error code', async () => {
  const since = new Date().toISOString()
  const tail = startCli(['events', 'tail', '--since', since, '--interval', '200', '--trigger', 'tail_me', '--count', '1'], env)
  await erix.trigger({ trigger: 'tail_me' })
  const ended = await tail.exited
  assert.equal(ended.code, 0, ended.stderr)
  assert.match(ended.stdout, /^\S+ {2}\S+ {2}tail_me {2}(completed|processing|scheduled)/m)

  const refused = await runCli(['trigger', 'Not A Name'], env)
  assert.equal(refused.code, 1)
  assert.match(refused.stderr, /VALIDATION_ERROR/)
})
