import assert from 'node:assert/strict'
import { test } from 'node:test'
import { createEcodrix, createEcodrixAdmin, EcodrixError } from '@ecodrix/sdk'
import { useTestServer } from '../helpers/use-test-server'

const env = useTestServer()

const adminOver = (transport: 'http' | 'app.fetch') =>
  createEcodrixAdmin({
    baseUrl: transport === 'http' ? env.server.url : 'http://ecodrix.internal',
    adminKey: env.server.config.adminKey,
    ...(transport === 'app.fetch' ? { fetch: (req: Request) => Promise.resolve(env.server.app.fetch(req)) } : {}),
  })

for (const transport of ['http', 'app.fetch'] as const) {
  test(`SDK over ${transport}: onboard a client, then call as that tenant`, async () => {
    const admin = adminOver(transport)
    const created = await admin.POST('/api/clients', { body: { name: `SDK ${transport}` } })
    assert.match(created.apiKey, /^ecx_/)

    const secrets = await admin.POST('/api/clients/{code}/secrets', {
      params: { path: { code: created.clientCode } },
      body: { whatsappToken: 'mock_sandbox', whatsappPhoneNumberId: transport === 'http' ? '1098765' : '1098766' },
    })
    assert.equal(secrets.secrets.whatsappToken, true)

    const erix = createEcodrix({
      baseUrl: transport === 'http' ? env.server.url : 'http://ecodrix.internal',
      apiKey: created.apiKey,
      clientCode: created.clientCode,
      ...(transport === 'app.fetch' ? { fetch: (req: Request) => Promise.resolve(env.server.app.fetch(req)) } : {}),
    })
    const health = await erix.GET('/api/saas/health/client')
    assert.equal(health.clientCode, created.clientCode)
    assert.equal(health.services.whatsapp, 'connected')

    const { origins } = await erix.POST('/api/saas/cors', { body: { url: 'https://Shop.example.com' } })
    assert.deepEqual(origins, ['https://shop.example.com'])

    const page = await admin.page('/api/clients', { params: { query: { limit: 1 } } })
    assert.equal(page.limit, 1)
    let walked = 0
    for await (const client of admin.paginate('/api/clients', { params: { query: { limit: 1 } } })) {
      assert.ok(client.clientCode)
      walked += 1
    }
    assert.equal(walked, page.total)
  })
}

test('SDK errors carry status, code, message and the request id', async () => {
  const admin = adminOver('http')
  await assert.rejects(
    admin.GET('/api/clients/{code}', { params: { path: { code: 'nobody_here' } } }),
    (error: unknown) => {
      assert.ok(error instanceof EcodrixError)
      assert.equal(error.status, 404)
      assert.equal(error.code, 'CLIENT_NOT_FOUND')
      assert.match(error.requestId ?? '', /^[0-9a-f-]{36}$/)
      return true
    },
  )
  const stranger = createEcodrix({ baseUrl: env.server.url, apiKey: 'ecx_wrong', clientCode: 'nobody_here', maxRetries: 0 })
  await assert.rejects(stranger.GET('/api/saas/health/client'), { status: 401, code: 'UNAUTHORIZED' })
  await assert.rejects(admin.POST('/api/clients', { body: { name: '' } }), (error: unknown) => {
    assert.ok(error instanceof EcodrixError)
    assert.equal(error.code, 'VALIDATION_ERROR')
    assert.deepEqual(error.details?.map((detail) => detail.path), ['body.name'])
    return true
  })
})
