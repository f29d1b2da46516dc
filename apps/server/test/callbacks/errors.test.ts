import assert from 'node:assert/strict'
import { test } from 'node:test'
import { assertCallbackUrlAllowed } from '../../src/areas/automation/callbacks/callback-url'
import type { Platform } from '../../src/platform/platform'
import { snapshotTables } from '../helpers/db-snapshot'
import { expectRefused, request } from '../helpers/http'
import { useTestServer } from '../helpers/use-test-server'
import { attempts, finishedEventWithCallback, settledDelivery, startReceiver } from './callback-fixtures'

const env = useTestServer({ tenants: { clinic: 'Guarded Clinic' }, config: { allowPrivateCallbacks: false } })

const platformWith = (allowPrivateCallbacks: boolean) => ({ config: { allowPrivateCallbacks } }) as unknown as Platform

async function refusal(url: string, allowPrivateCallbacks = false): Promise<string | undefined> {
  try {
    await assertCallbackUrlAllowed({ platform: platformWith(allowPrivateCallbacks), url })
    return undefined
  } catch (error) {
    assert.equal((error as { code?: string }).code, 'CALLBACK_URL_FORBIDDEN', url)
    return (error as Error).message
  }
}

const nonPublic: [url: string, kind: string][] = [
  ['http://127.0.0.1/cb', 'loopback'],
  ['http://127.8.9.10/cb', 'loopback'],
  ['http://localhost:3000/cb', 'loopback'],
  ['http://[::1]:8080/cb', 'loopback'],
  ['http://2130706433/cb', 'loopback'], // 127.0.0.1 written as one number
  ['http://0x7f.1/cb', 'loopback'],
  ['http://[::ffff:127.0.0.1]/cb', 'loopback'],
  ['http://10.1.2.3/cb', 'private'],
  ['http://172.16.0.1/cb', 'private'],
  ['http://172.31.255.254/cb', 'private'],
  ['http://192.168.1.20/cb', 'private'],
  ['http://100.64.0.1/cb', 'private'],
  ['http://[::ffff:10.0.0.1]/cb', 'private'],
  ['http://[fd12:3456::1]/cb', 'private'],
  ['http://169.254.169.254/latest/meta-data/', 'link-local'],
  ['http://[fe80::1]/cb', 'link-local'],
  ['http://0.0.0.0/cb', 'unspecified'],
  ['http://[::]/cb', 'unspecified'],
  ['http://224.0.0.1/cb', 'multicast'],
  ['http://[ff02::1]/cb', 'multicast'],
  ['http://255.255.255.255/cb', 'broadcast'],
  ['http://192.0.2.10/cb', 'reserved'],
  ['http://[::127.0.0.1]/cb', 'reserved'], // IPv4-compatible (deprecated), outside 2000::/3
  ['http://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/cb', 'teredo'],
  ['http://[64:ff9b:1::7f00:1]/cb', 'local-use NAT64'],
]

/** IPv6 forms that hand traffic to an IPv4 address: judged by the address they carry. */
const carriers: [url: string, kind: string, carried: string][] = [
  ['http://[64:ff9b::127.0.0.1]/cb', 'loopback', '127.0.0.1'], // NAT64
  ['http://[64:ff9b::a9fe:a9fe]/cb', 'link-local', '169.254.169.254'],
  ['http://[64:ff9b::10.0.0.1]/cb', 'private', '10.0.0.1'],
  ['http://[2002:7f00:1::]/cb', 'loopback', '127.0.0.1'], // 6to4
  ['http://[2002:a9fe:a9fe::1]/cb', 'link-local', '169.254.169.254'],
  ['http://[2002:c0a8:1::1]/cb', 'private', '192.168.0.1'],
  ['http://[::ffff:0:127.0.0.1]/cb', 'loopback', '127.0.0.1'], // IPv4-translated
  ['http://[::ffff:0:169.254.169.254]/cb', 'link-local', '169.254.169.254'],
  ['http://[::ffff:100.64.0.1]/cb', 'private', '100.64.0.1'], // IPv4-mapped
]

test('a callback URL reaching a non-public address is refused, naming the kind', async () => {
  for (const [url, kind] of nonPublic) {
    const message = await refusal(url)
    assert.ok(message, `${url} is refused`)
    assert.match(message, new RegExp(`resolves to a ${kind} address`), url)
  }
})

test('NAT64, 6to4, IPv4-translated and IPv4-mapped forms are refused by the IPv4 address they carry', async () => {
  for (const [url, kind, carried] of carriers) {
    const message = await refusal(url)
    assert.ok(message, `${url} is refused`)
    assert.ok(message.includes(`resolves to a ${kind} address (`) && message.endsWith(`, which carries ${carried})`), `${url}: ${message}`)
  }
})

test('public addresses are allowed, next to the private ranges they border', async () => {
  for (const url of [
    'https://93.184.216.34/cb',
    'http://8.8.8.8:8080/hook?x=1',
    'http://172.32.0.1/cb',
    'http://100.128.0.1/cb',
    'http://11.0.0.1/cb',
    'https://[2606:4700:4700::1111]/cb',
    'http://[::ffff:8.8.8.8]/cb',
    'http://[64:ff9b::8.8.8.8]/cb',
    'http://[2002:808:808::1]/cb',
  ]) {
    assert.equal(await refusal(url), undefined, url)
  }
})

test('only http and https; a host that does not resolve is refused too', async () => {
  for (const url of ['ftp://93.184.216.34/cb', 'file:///etc/passwd', 'javascript:alert(1)', 'ws://93.184.216.34/cb']) {
    assert.match((await refusal(url)) ?? '', /must use http or https/, url)
    assert.match((await refusal(url, true)) ?? '', /must use http or https/, `${url}, even with private callbacks allowed`)
  }
  assert.match((await refusal('not a url')) ?? '', /not a valid URL/)
  assert.match((await refusal('https://callbacks.example.invalid/cb')) ?? '', /"callbacks\.example\.invalid" does not resolve/)
})

test('allowPrivateCallbacks lifts the address rule', async () => {
  for (const [url] of [...nonPublic, ...carriers]) assert.equal(await refusal(url, true), undefined, url)
})

test('the trigger route refuses a private callbackUrl with 400 CALLBACK_URL_FORBIDDEN and writes nothing', async () => {
  const schema = `tenant_${env.clinic.clientCode}`
  const tables = ['event_logs', 'action_runs', 'leads', 'callback_deliveries', 'crm_events'].map((table) => `${schema}.${table}`)
  const before = await snapshotTables(env.server, tables)
  for (const callbackUrl of ['http://169.254.169.254/latest/meta-data/', 'http://localhost:3000/cb', 'http://[::ffff:192.168.0.1]/cb']) {
    const response = await request(env.server, 'POST', '/api/saas/workflows/trigger', {
      headers: env.clinic.headers,
      json: { trigger: 'form_submitted', phone: '919876500001', createLeadIfMissing: true, callbackUrl },
    })
    expectRefused(response, 400, 'CALLBACK_URL_FORBIDDEN', { where: callbackUrl })
  }
  assert.deepEqual(await snapshotTables(env.server, tables), before)
})

test('delivery checks the address again: a callback to a loopback address never leaves', async (t) => {
  // Written straight to the event log, as if the name had resolved to a public address at trigger
  // time and to this one now (DNS rebinding).
  const receiver = await startReceiver(t)
  const { event } = await finishedEventWithCallback(env.server, env.clinic, receiver.url)
  const settled = await settledDelivery(env.server, env.clinic, event.id)
  assert.equal(settled.status, 'failed')
  assert.equal(receiver.received.length, 0)
  const rows = await attempts(env.server, env.clinic, settled.id)
  assert.equal(rows.length, env.server.config.callbackRetryScheduleMs.length + 1)
  for (const row of rows) {
    assert.equal(row.status_code, null)
    assert.match(row.error ?? '', /resolves to a loopback address \(127\.0\.0\.1\)/)
  }
})

/** The receiver's URL with its host (127.0.0.1) written as IPv6 forms that carry it. */
const loopbackForms = (receiverUrl: string) => {
  const { port, pathname } = new URL(receiverUrl)
  return ['[::ffff:127.0.0.1]', '[64:ff9b::127.0.0.1]', '[2002:7f00:1::]', '[::ffff:0:127.0.0.1]'].map((host) => `http://${host}:${port}${pathname}`)
}

test('IPv6 forms of the receiver\'s loopback address are refused at the trigger and at delivery; the receiver hears nothing', async (t) => {
  const receiver = await startReceiver(t)
  const refusedAsLoopback = /resolves to a loopback address \([0-9a-f:]+, which carries 127\.0\.0\.1\)$/
  for (const callbackUrl of loopbackForms(receiver.url)) {
    const response = await request(env.server, 'POST', '/api/saas/workflows/trigger', {
      headers: env.clinic.headers,
      json: { trigger: 'form_submitted', phone: '919876500002', callbackUrl },
    })
    expectRefused(response, 400, 'CALLBACK_URL_FORBIDDEN', { where: callbackUrl })
    assert.match(response.body.message, refusedAsLoopback, callbackUrl)
  }
  // As if each had passed the check at trigger time: delivery checks again, before connecting.
  const events = await Promise.all(loopbackForms(receiver.url).map((url) => finishedEventWithCallback(env.server, env.clinic, url)))
  for (const { event } of events) {
    const settled = await settledDelivery(env.server, env.clinic, event.id)
    assert.equal(settled.status, 'failed')
    for (const row of await attempts(env.server, env.clinic, settled.id)) assert.match(row.error ?? '', refusedAsLoopback, event.callback_url!)
  }
  assert.equal(receiver.received.length, 0)
})

test('callback logs refuse bad filters with 400 and the field', async () => {
  for (const [query, field] of [
    ['startDate=2026-03-10&endDate=2026-03-09', 'query.endDate'],
    ['startDate=2026-03-10T12:00:00Z&endDate=2026-03-10T11:59:59Z', 'query.endDate'],
    ['startDate=yesterday', 'query.startDate'],
    ['endDate=2026-02-30T25:00:00Z', 'query.endDate'],
    ['status=retrying', 'query.status'],
    ['page=0', 'query.page'],
    ['limit=101', 'query.limit'],
  ] as const) {
    const response = await request(env.server, 'GET', `/api/saas/callbacks/logs?${query}`, { headers: env.clinic.headers })
    expectRefused(response, 400, 'VALIDATION_ERROR', { where: query, fields: [field] })
  }
})
