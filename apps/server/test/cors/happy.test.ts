import assert from 'node:assert/strict'
import { test } from 'node:test'
import { expectRefused, request } from '../helpers/http'
import { useTestServer } from '../helpers/use-test-server'

const env = useTestServer({ tenants: { tenant: 'Browser A', other: 'Browser B' } })

test('a tenant allows an origin: 201 the first time, 200 after, kept in the form browsers send', async () => {
  const added = await request(env.server, 'POST', '/api/saas/cors', { headers: env.tenant.headers, json: { url: 'https://Client-Domain.com:443/' } })
  assert.equal(added.status, 201)
  assert.deepEqual(added.body.data.origins, ['https://client-domain.com'])
  const again = await request(env.server, 'POST', '/api/saas/cors', { headers: env.tenant.headers, json: { url: 'https://client-domain.com' } })
  assert.equal(again.status, 200)
  assert.deepEqual(again.body.data.origins, ['https://client-domain.com'])
  const listed = await request(env.server, 'GET', '/api/saas/cors', { headers: env.tenant.headers })
  assert.deepEqual(listed.body.data.origins, ['https://client-domain.com'])
})

test('origins are per tenant: another tenant sees none of them', async () => {
  const listed = await request(env.server, 'GET', '/api/saas/cors', { headers: env.other.headers })
  assert.deepEqual(listed.body.data.origins, [])
})

test('browsers get Access-Control-Allow-Origin only for the calling tenant’s origins', async () => {
  const origin = 'https://client-domain.com'
  const preflight = await request(env.server, 'OPTIONS', '/api/saas/health/client', {
    headers: { origin, 'access-control-request-method': 'GET', 'access-control-request-headers': 'x-api-key, x-client-code' },
  })
  assert.equal(preflight.status, 204)
  assert.equal(preflight.headers.get('access-control-allow-origin'), origin)
  assert.match(preflight.headers.get('access-control-allow-headers') ?? '', /x-api-key/)

  const mine = await request(env.server, 'GET', '/api/saas/health/client', { headers: { ...env.tenant.headers, origin } })
  assert.equal(mine.headers.get('access-control-allow-origin'), origin)
  const theirs = await request(env.server, 'GET', '/api/saas/health/client', { headers: { ...env.other.headers, origin } })
  assert.equal(theirs.status, 200)
  assert.equal(theirs.headers.get('access-control-allow-origin'), null)

  const unknownPreflight = await request(env.server, 'OPTIONS', '/api/saas/health/client', {
    headers: { origin: 'https://evil.example', 'access-control-request-method': 'GET' },
  })
  assert.equal(unknownPreflight.headers.get('access-control-allow-origin'), null)
})

test('removing an origin stops browser access; removing it again → 404', async () => {
  const removed = await request(env.server, 'DELETE', '/api/saas/cors', { headers: env.tenant.headers, json: { url: 'https://client-domain.com' } })
  assert.equal(removed.status, 200)
  assert.deepEqual(removed.body.data.origins, [])
  const again = await request(env.server, 'DELETE', '/api/saas/cors', { headers: env.tenant.headers, json: { url: 'https://client-domain.com' } })
  expectRefused(again, 404, 'NOT_FOUND')
})
