import { randomBytes } from 'node:crypto'
import { sql } from 'kysely'
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

/** Creates a database beside the platform's and moves the tenant's schema there (POST /api/clients/{code}/datasource). */
export async function moveToOwnDatabase(server: TestServer, clientCode: string) {
  const url = new URL(server.config.databaseUrl!)
  const dbName = `ecx_ds_${clientCode}`
  await sql`create database ${sql.id(dbName)}`.execute(server.platform.db)
  url.pathname = `/${dbName}`
  const moved = await request(server, 'POST', `/api/clients/${clientCode}/datasource`, { headers: adminHeaders(server), json: { dbUri: url.toString() } })
  return { url, dbName, moved }
}
