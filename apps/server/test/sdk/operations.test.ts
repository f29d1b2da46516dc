// The SDK's generated operation methods against the real server: path parameters, query, body, admin.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { createEcodrix, createEcodrixAdmin, EcodrixError, type EcodrixTenantClient } from '@ecodrix/sdk'
import { useTestServer } from '../helpers/use-test-server'

const env = useTestServer({ tenants: { shop: 'SDK Operations Shop' } })

const sdk = (): EcodrixTenantClient =>
  createEcodrix({ baseUrl: env.server.url, apiKey: env.shop.apiKey, clientCode: env.shop.clientCode, retryBaseDelayMs: 1 })

test('a lead created, listed by search and read back by id, each result with its request id', async () => {
  const erix = sdk()
  const created = await erix.leads.create({ firstName: 'Asha', lastName: 'Verma', phone: '+919812345670' }).withResponse()
  assert.equal(created.response.status, 201)
  assert.match(created.requestId ?? '', /^[0-9a-f-]{36}$/)

  const found = await erix.leads.list({ search: 'Verma', limit: 5 })
  assert.deepEqual(
    found.map((lead) => lead.id),
    [created.data.id],
  )
  const read = await erix.leads.get({ leadId: created.data.id })
  assert.equal(read.firstName, 'Asha')

  const updated = await erix.leads.update({ leadId: created.data.id, body: { lastName: 'Varma' } })
  assert.equal(updated.lastName, 'Varma')

  await assert.rejects(erix.leads.get({ leadId: '00000000-0000-4000-8000-000000000000' }), (error: unknown) => {
    assert.ok(error instanceof EcodrixError)
    assert.equal(error.status, 404)
    return true
  })
})

test('a workflow trigger takes its body as the argument and is sent with an Idempotency-Key', async () => {
  const { data, response, requestId } = await sdk()
    .workflows.trigger({ trigger: 'sdk_operations', phone: '+919812345671', leadData: { firstName: 'Ravi' } })
    .withResponse()
  assert.equal(response.status, 200)
  assert.equal(data.trigger, 'sdk_operations')
  assert.ok(data.eventLogId)
  assert.match(requestId ?? '', /^[0-9a-f-]{36}$/)
})

test('admin operations: a client read by code, its key rotated through the admin client', async () => {
  const admin = createEcodrixAdmin({ baseUrl: env.server.url, adminKey: env.server.config.adminKey })
  const client = await admin.clients.get({ code: env.shop.clientCode })
  assert.equal(client.clientCode, env.shop.clientCode)
  const listed = await admin.clients.list({ limit: 100 })
  assert.ok(listed.some((each) => each.clientCode === env.shop.clientCode))
  const { apiKey } = await admin.clients.rotateApiKey({ code: env.shop.clientCode })
  const rotated = createEcodrix({ baseUrl: env.server.url, apiKey, clientCode: env.shop.clientCode })
  assert.equal((await rotated.health.client()).clientCode, env.shop.clientCode)
})
