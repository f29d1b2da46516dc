import assert from 'node:assert/strict'
import openapiDocument from '@ecodrix/openapi/openapi.json'
import { expectRefused, request } from './http'
import type { TestTenant } from './tenants'
import type { TestServer } from './test-server'

type Auth = 'public' | 'admin' | 'tenant'
type Security = Record<string, string[]>[]

export interface SpecOperation {
  method: string
  path: string
  operationId: string
  auth: Auth
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete']

/** Every operation of the contract with the authentication it declares. */
export function specOperations(): SpecOperation[] {
  const paths = openapiDocument.paths as unknown as Record<string, Record<string, { operationId: string; security?: Security }>>
  return Object.entries(paths).flatMap(([path, item]) =>
    METHODS.filter((method) => item[method]).map((method) => {
      const operation = item[method]!
      const security = operation.security ?? (openapiDocument.security as Security)
      const schemes = security.flatMap((requirement) => Object.keys(requirement))
      const auth: Auth = schemes.length === 0 ? 'public' : schemes.includes('AdminBearer') ? 'admin' : 'tenant'
      return { method: method.toUpperCase(), path, operationId: operation.operationId, auth }
    }),
  )
}

/** Fills path parameters with a value of the right shape; authentication fails before it is used. */
const concretePath = (path: string, tenant: TestTenant) => path.replace(/\{[^}]+\}/g, tenant.clientCode)

/**
 * The credential variants every protected route must refuse with the same 401 envelope.
 * `tenant` and `other` are two real tenants, `retiredKey` a key of `tenant` that was rotated out.
 */
function badCredentials(server: TestServer, tenant: TestTenant, other: TestTenant, retiredKey: string, auth: Auth) {
  const admin = { authorization: `Bearer ${server.config.adminKey}` }
  const common: [string, Record<string, string>][] = [
    ['no credentials', {}],
    ['bearer with a wrong admin key', { authorization: 'Bearer not-the-admin-key-000000000000' }],
  ]
  if (auth === 'admin') {
    return [
      ...common,
      ['tenant credentials instead of the admin key', tenant.headers],
      ['admin key without the Bearer scheme', { authorization: server.config.adminKey }],
    ] as const
  }
  return [
    ...common,
    ['admin bearer instead of tenant credentials', admin],
    ['api key without client code', { 'x-api-key': tenant.apiKey }],
    ['client code without api key', { 'x-client-code': tenant.clientCode }],
    ['wrong api key', { 'x-api-key': `${tenant.apiKey}x`, 'x-client-code': tenant.clientCode }],
    ['unknown client code', { 'x-api-key': tenant.apiKey, 'x-client-code': 'nobody_here' }],
    ["another tenant's key for this code", { 'x-api-key': other.apiKey, 'x-client-code': tenant.clientCode }],
    ['a rotated-out key', { 'x-api-key': retiredKey, 'x-client-code': tenant.clientCode }],
  ] as const
}

/** Asserts every protected operation of the spec refuses every bad credential alike. */
export async function assertEveryRouteRefusesBadCredentials(
  server: TestServer,
  tenants: { tenant: TestTenant; other: TestTenant; retiredKey: string },
): Promise<number> {
  let checked = 0
  for (const operation of specOperations().filter((op) => op.auth !== 'public')) {
    for (const [label, headers] of badCredentials(server, tenants.tenant, tenants.other, tenants.retiredKey, operation.auth)) {
      const result = await request(server, operation.method, concretePath(operation.path, tenants.tenant), {
        headers: operation.method === 'GET' ? headers : { ...headers, 'content-type': 'application/json' },
        raw: operation.method === 'GET' ? undefined : '{}',
      })
      const where = `${operation.method} ${operation.path} with ${label}`
      expectRefused(result, 401, 'UNAUTHORIZED', { where })
      assert.equal(result.body.message, 'Invalid or missing credentials', where)
      checked += 1
    }
  }
  return checked
}
