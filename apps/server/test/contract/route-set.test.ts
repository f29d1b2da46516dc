import assert from 'node:assert/strict'
import { test } from 'node:test'
import openapiDocument from '@ecodrix/openapi/openapi.json'
import { request } from '../helpers/http'
import { specOperations } from '../helpers/route-security'
import { useTestServer } from '../helpers/use-test-server'

const env = useTestServer()

test('the server routes exactly the (method, path) pairs the spec defines', () => {
  const served = env.server.app.routes
    .filter((route) => route.method !== 'ALL')
    .map((route) => `${route.method} ${route.path.replace(/:(\w+)/g, '{$1}')}`)
  const specified = specOperations().map((operation) => `${operation.method} ${operation.path}`)
  // Hono lists each route once per handler in its chain (auth, validators, handler), hence the Set.
  assert.deepEqual([...new Set(served)].sort(), [...specified].sort())
})

test('every operation has a unique operationId, a summary and a tag', () => {
  const ids = specOperations().map((operation) => operation.operationId)
  assert.equal(new Set(ids).size, ids.length)
  for (const [path, item] of Object.entries(openapiDocument.paths)) {
    for (const [method, operation] of Object.entries(item as Record<string, any>)) {
      assert.ok(operation.summary, `${method} ${path} has a summary`)
      assert.ok(operation.tags?.length, `${method} ${path} has a tag`)
      assert.match(operation.operationId, /^[a-z]+\.[a-zA-Z]+$/, `${method} ${path} operationId style`)
    }
  }
})

test('GET /openapi.json serves the bundled spec', async () => {
  const result = await request(env.server, 'GET', '/openapi.json')
  assert.equal(result.status, 200)
  assert.deepEqual(result.body, openapiDocument)
  assert.equal(result.body.openapi, '3.1.0')
})
