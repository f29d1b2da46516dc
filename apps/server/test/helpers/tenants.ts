import { randomBytes } from 'node:crypto'
import { type Kysely, sql } from 'kysely'
import { schemaNameFor } from '../../src/areas/clients/tenant-location'
import type { TenantTables } from '../../src/platform/database/tenant-tables'
import { adminHeaders, request } from './http'
import type { TestServer } from './test-server'

export interface TestTenant {
  clientCode: string
  apiKey: string
  webhookSecret: string
  headers: Record<string, string>
}

export const uniqueCode = (prefix = 't') => `${prefix}_${randomBytes(5).toString('hex')}`

/** A fresh tenant created through the admin API, as a real operator would. */
export async function createTenant(server: TestServer, name = 'Test Clinic'): Promise<TestTenant> {
  const created = await request(server, 'POST', '/api/clients', {
    headers: adminHeaders(server),
    json: { name, clientCode: uniqueCode() },
  })
  if (created.status !== 201) throw new Error(`creating a tenant failed: ${created.status} ${JSON.stringify(created.body)}`)
  const { clientCode, apiKey, webhookSecret } = created.body.data
  return { clientCode, apiKey, webhookSecret, headers: { 'x-api-key': apiKey, 'x-client-code': clientCode } }
}

/** The tenant's tables in the platform's database, for what a test reads (or sets up) beside the API. */
export const tenantDb = (server: TestServer, tenant: Pick<TestTenant, 'clientCode'>): Kysely<TenantTables> =>
  server.platform.tenants.forTenant({ schemaName: schemaNameFor(tenant.clientCode), datasourceUri: undefined })

/** Creates a database beside the platform's and moves the tenant's schema there (POST /api/clients/{code}/datasource). */
export async function moveToOwnDatabase(server: TestServer, clientCode: string) {
  const url = new URL(server.config.databaseUrl!)
  const dbName = `ecx_ds_${clientCode}`
  await sql`create database ${sql.id(dbName)}`.execute(server.platform.db)
  url.pathname = `/${dbName}`
  const moved = await request(server, 'POST', `/api/clients/${clientCode}/datasource`, { headers: adminHeaders(server), json: { dbUri: url.toString() } })
  return { url, dbName, moved }
}
