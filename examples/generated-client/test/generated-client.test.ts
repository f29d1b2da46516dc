import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { demo } from '../src/demo'
import { createAdminApi, createTenantApi } from '../src/ecodrix'
import type { ErrorEnvelope, HttpResponse } from '../src/generated/ecodrix-api'
import { startThrowAwayServer, type ThrowAwayServer } from '@ecodrix/server/testing'

let server: ThrowAwayServer
before(async () => {
  server = await startThrowAwayServer()
})
after(() => server?.stop())

test('the admin creates a client, which then reads its health and allows an origin', async () => {
  const admin = createAdminApi({ baseUrl: server.url, adminKey: server.adminKey })
  const created = await admin.clients.clientsCreate({ name: 'Generated Clinic' })
  assert.equal(created.status, 201)
  const { clientCode, apiKey } = created.data.data
  assert.match(clientCode, /^generated_clinic_[0-9a-f]{4}$/)

  const tenant = createTenantApi({ baseUrl: server.url, apiKey, clientCode })
  const health = await tenant.monitoring.healthClient()
  assert.equal(health.status, 200)
  assert.equal(health.data.data.clientCode, clientCode)
  assert.deepEqual(health.data.data.services, { whatsapp: 'not_configured', email: 'not_configured', googleMeet: 'not_configured' })

  const cors = await tenant.cors.corsAdd({ url: 'https://client-domain.com' })
  assert.equal(cors.status, 201)
  assert.deepEqual(cors.data.data.origins, ['https://client-domain.com'])

  const fetched = await admin.clients.clientsGet(clientCode)
  assert.deepEqual(fetched.data.data.corsOrigins, ['https://client-domain.com'])
})

test('a failed call rejects with the response, its error envelope parsed', async () => {
  const tenant = createTenantApi({ baseUrl: server.url, apiKey: 'ecx_not-a-real-key', clientCode: 'nobody_here' })

  await assert.rejects(tenant.monitoring.healthClient(), (response: HttpResponse<unknown, ErrorEnvelope>) => {
    assert.equal(response.status, 401)
    assert.equal(response.error.success, false)
    assert.equal(response.error.code, 'UNAUTHORIZED')
    return true
  })
})

test('the admin lists clients one page at a time, with the counts', async () => {
  const admin = createAdminApi({ baseUrl: server.url, adminKey: server.adminKey })
  await admin.clients.clientsCreate({ name: 'Listed Clinic' })

  const page = await admin.clients.clientsList({ page: 1, limit: 1 })
  assert.equal(page.data.data.length, 1)
  assert.equal(page.data.limit, 1)
  assert.ok(page.data.total >= 1)
  assert.equal(page.data.totalPages, page.data.total)
})

test('the demo creates a client and prints its health', async () => {
  const printed: string[] = []
  const health = await demo(server.url, server.adminKey, (line) => printed.push(line))

  assert.match(health.clientCode, /^generated_client_demo_[0-9a-f]{4}$/)
  assert.equal(printed.length, 2)
  assert.ok(printed[1]?.startsWith(`health of ${health.clientCode}: `))
})
