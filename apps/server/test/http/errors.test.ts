import assert from 'node:assert/strict'
import { request as httpRequest } from 'node:http'
import { test } from 'node:test'
import { sql } from 'kysely'
import { snapshotControlTables } from '../helpers/db-snapshot'
import { adminHeaders, expectRefused, type HttpResult, request, type RequestOptions } from '../helpers/http'
import { useTestServer } from '../helpers/use-test-server'

const env = useTestServer({ tenants: { tenant: 'Test Clinic' } })

function expectRefusedWithRequestId(result: HttpResult, status: number, code: string) {
  expectRefused(result, status, code)
  assert.equal(result.body.requestId, result.headers.get('x-request-id'))
}

const oneMebibytePlus = 'x'.repeat(1024 * 1024 + 10)

const badInput: { name: string; method: string; path: string; options: () => RequestOptions; status: number; code: string; fields?: string[] }[] = [
  { name: 'unknown route', method: 'GET', path: '/api/nothing-here', options: () => ({}), status: 404, code: 'NOT_FOUND' },
  { name: 'unknown method on a known path', method: 'PUT', path: '/api/clients', options: () => ({ headers: adminHeaders(env.server) }), status: 404, code: 'NOT_FOUND' },
  { name: 'malformed JSON', method: 'POST', path: '/api/clients', options: () => ({ headers: { ...adminHeaders(env.server), 'content-type': 'application/json' }, raw: '{"name": "Acme",' }), status: 400, code: 'INVALID_JSON' },
  { name: 'empty JSON body', method: 'POST', path: '/api/clients', options: () => ({ headers: { ...adminHeaders(env.server), 'content-type': 'application/json' }, raw: '' }), status: 400, code: 'INVALID_JSON' },
  { name: 'wrong type', method: 'POST', path: '/api/clients', options: () => ({ headers: adminHeaders(env.server), json: { name: 42 } }), status: 400, code: 'VALIDATION_ERROR', fields: ['body.name'] },
  { name: 'missing field and unknown field', method: 'POST', path: '/api/clients', options: () => ({ headers: adminHeaders(env.server), json: { nmae: 'Acme' } }), status: 400, code: 'VALIDATION_ERROR', fields: ['body.name', 'body.nmae'] },
  { name: 'bad client code pattern', method: 'POST', path: '/api/clients', options: () => ({ headers: adminHeaders(env.server), json: { name: 'Acme', clientCode: 'Robert"); drop table clients;--' } }), status: 400, code: 'VALIDATION_ERROR', fields: ['body.clientCode'] },
  { name: 'JSON that is not an object', method: 'POST', path: '/api/clients', options: () => ({ headers: adminHeaders(env.server), json: ['Acme'] }), status: 400, code: 'VALIDATION_ERROR', fields: ['body'] },
  { name: 'query out of range', method: 'GET', path: '/api/clients?limit=1000&page=0', options: () => ({ headers: adminHeaders(env.server) }), status: 400, code: 'VALIDATION_ERROR', fields: ['query.limit', 'query.page'] },
  { name: 'non-numeric query', method: 'GET', path: '/api/clients?page=two', options: () => ({ headers: adminHeaders(env.server) }), status: 400, code: 'VALIDATION_ERROR', fields: ['query.page'] },
  { name: 'form body on a JSON route', method: 'POST', path: '/api/clients', options: () => ({ headers: { ...adminHeaders(env.server), 'content-type': 'application/x-www-form-urlencoded' }, raw: 'name=Acme' }), status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' },
  { name: 'body over 1 MiB', method: 'POST', path: '/api/clients', options: () => ({ headers: adminHeaders(env.server), json: { name: oneMebibytePlus } }), status: 413, code: 'PAYLOAD_TOO_LARGE' },
  { name: 'tenant body over 1 MiB', method: 'POST', path: '/api/saas/cors', options: () => ({ headers: env.tenant.headers, json: { url: `https://a.com/${oneMebibytePlus}` } }), status: 413, code: 'PAYLOAD_TOO_LARGE' },
  { name: 'tenant route schema violation', method: 'POST', path: '/api/saas/cors', options: () => ({ headers: env.tenant.headers, json: { url: 'not a url' } }), status: 400, code: 'VALIDATION_ERROR', fields: ['body.url'] },
]

for (const item of badInput) {
  test(`bad input: ${item.name} → ${item.status} ${item.code}, nothing written`, async () => {
    const before = await snapshotControlTables(env.server)
    const result = await request(env.server, item.method, item.path, item.options())
    expectRefusedWithRequestId(result, item.status, item.code)
    if (item.fields) {
      const paths = result.body.details.map((detail: { path: string }) => detail.path)
      for (const field of item.fields) {
        assert.ok(paths.includes(field), `${field} named in ${JSON.stringify(paths)}`)
        assert.ok(result.body.message.includes(field), `message names ${field}`)
      }
    }
    assert.deepEqual(await snapshotControlTables(env.server), before)
  })
}

test('a chunked body over the limit (no Content-Length) is refused with 413 too', async () => {
  const url = new URL('/api/clients', env.server.url)
  const result = await new Promise<{ status: number; body: any }>((resolve, reject) => {
    const req = httpRequest(url, { method: 'POST', headers: { ...adminHeaders(env.server), 'content-type': 'application/json' } }, (res) => {
      let text = ''
      res.on('data', (chunk) => (text += chunk))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }))
    })
    req.on('error', reject)
    req.write('{"name":"')
    for (let i = 0; i < 20; i += 1) req.write('y'.repeat(64 * 1024))
    req.end('"}')
  })
  expectRefused(result, 413, 'PAYLOAD_TOO_LARGE')
})

test('every answer carries x-request-id; a sane incoming id is echoed, an unsafe one replaced', async () => {
  const echoed = await request(env.server, 'GET', '/api/saas/health', { headers: { 'x-request-id': 'trace-abc.123' } })
  assert.equal(echoed.headers.get('x-request-id'), 'trace-abc.123')
  const replaced = await request(env.server, 'GET', '/api/saas/health', { headers: { 'x-request-id': 'bad id\twith spaces' } })
  assert.match(replaced.headers.get('x-request-id') ?? '', /^[0-9a-f-]{36}$/)
  const notFound = await request(env.server, 'GET', '/nope')
  assert.ok(notFound.headers.get('x-request-id'))
})

test('an unexpected failure answers 500 INTERNAL with a request id and no internals', async () => {
  await sql`alter table cors_origins rename to cors_origins_gone`.execute(env.server.platform.db)
  try {
    const result = await request(env.server, 'GET', '/api/saas/cors', { headers: env.tenant.headers })
    expectRefusedWithRequestId(result, 500, 'INTERNAL')
    assert.ok(result.body.message.includes(result.body.requestId))
    assert.doesNotMatch(JSON.stringify(result.body), /cors_origins|relation|at \w+ \(|\.ts:\d+/)
  } finally {
    await sql`alter table cors_origins_gone rename to cors_origins`.execute(env.server.platform.db)
  }
})
