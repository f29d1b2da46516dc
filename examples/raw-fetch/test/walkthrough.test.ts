import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { createErix, EcodrixApiError } from '../src/ecodrix'
import { createClient } from '../src/onboard'
import { ALLOWED_ORIGIN, walkthrough } from '../src/walkthrough'
import { startThrowAwayServer, type ThrowAwayServer } from '@ecodrix/server/testing'

let server: ThrowAwayServer
before(async () => {
  server = await startThrowAwayServer()
})
after(() => server?.stop())

test('the walkthrough onboards a client, reads its health and allows an origin', async () => {
  const printed: string[] = []
  const { created, health, cors } = await walkthrough(server.url, server.adminKey, (line) => printed.push(line))

  assert.equal(created.status, 201)
  assert.match(created.data.clientCode, /^walkthrough_clinic_[0-9a-f]{4}$/)
  assert.match(created.data.apiKey, /^ecx_/)

  assert.equal(health.status, 200)
  assert.equal(health.data.clientCode, created.data.clientCode)
  assert.deepEqual(health.data.services, { whatsapp: 'not_configured', email: 'not_configured', googleMeet: 'not_configured' })

  assert.equal(cors.status, 201)
  assert.deepEqual(cors.data.origins, [ALLOWED_ORIGIN])

  assert.equal(printed.length, 3)
  assert.ok(printed[0]?.includes(created.data.clientCode))
})

test('a wrong API key is refused with an UNAUTHORIZED error', async () => {
  const { data: client } = await createClient(server.url, server.adminKey, { name: 'Wrong Key Clinic' })
  const erix = createErix({ baseUrl: server.url, apiKey: `${client.apiKey}x`, clientCode: client.clientCode })

  await assert.rejects(erix.getHealth(), (error) => {
    assert.ok(error instanceof EcodrixApiError)
    assert.equal(error.status, 401)
    assert.equal(error.code, 'UNAUTHORIZED')
    assert.ok(error.requestId)
    return true
  })
})

test('a taken client code is refused with a CLIENT_EXISTS error', async () => {
  const { data: client } = await createClient(server.url, server.adminKey, { name: 'First Clinic' })

  await assert.rejects(createClient(server.url, server.adminKey, { name: 'Second Clinic', clientCode: client.clientCode }), {
    name: 'EcodrixApiError',
    status: 409,
    code: 'CLIENT_EXISTS',
  })
})
