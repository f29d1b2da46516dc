import { sql } from 'kysely'
import { snapshotTables } from '../helpers/db-snapshot'
import { request } from '../helpers/http'
import { type TestTenant, tenantDb } from '../helpers/tenants'
import type { TestServer } from '../helpers/test-server'

/** The seed's two example rules (API reference, section 5), as written there. */
export const seedRules = {
  whatsappOnConfirmation: {
    name: 'Appointment Confirmed WA',
    trigger: 'appointment_confirmed',
    triggerConfig: {},
    actions: [{ type: 'send_whatsapp', delayMinutes: 0, config: { templateName: 'appointment_confirmed', language: 'en_US' } }],
  },
  archiveColdLeads: {
    name: 'Auto-archive cold dead leads',
    trigger: 'score_below',
    triggerConfig: { scoreThreshold: 20 },
    condition: { field: 'source', operator: 'eq', value: 'cold_outreach' },
    actions: [{ type: 'add_tag', delayMinutes: 0, config: { tag: 'cold-dead' } }],
  },
}

export const tagRule = (overrides: Record<string, unknown> = {}) => ({
  name: 'Tag new appointments',
  trigger: 'appointment_confirmed',
  actions: [{ type: 'add_tag', config: { tag: 'booked' } }],
  ...overrides,
})

export async function createRule(server: TestServer, tenant: TestTenant, rule: unknown) {
  const created = await request(server, 'POST', '/api/crm/automations', { headers: tenant.headers, json: rule })
  if (created.status !== 201) throw new Error(`creating a rule failed: ${created.status} ${JSON.stringify(created.body)}`)
  return created.body.data
}

/** A pipeline (sales template) of the tenant, with its stages. */
export async function createPipeline(server: TestServer, tenant: TestTenant) {
  const created = await request(server, 'POST', '/api/crm/pipelines', { headers: tenant.headers, json: { name: 'Sales', template: 'sales' } })
  if (created.status !== 201) throw new Error(`creating a pipeline failed: ${created.status} ${JSON.stringify(created.body)}`)
  return created.body.data as { id: string; stages: { id: string }[] }
}


/**
 * Writes a lead straight into the tenant's schema: no CRM outbox event, so no system trigger
 * (run by a background job) changes tables while a test compares snapshots.
 */
export async function insertLead(
  server: TestServer,
  clientCode: string,
  lead: { pipelineId: string; stageId: string; source?: string; phone?: string; email?: string; extra?: Record<string, unknown> },
): Promise<string> {
  const row = await tenantDb(server, { clientCode })
    .insertInto('leads')
    .values({
      first_name: 'Ravi',
      last_name: 'Kumar',
      phone: lead.phone ?? null,
      email: lead.email ?? null,
      source: lead.source ?? null,
      pipeline_id: lead.pipelineId,
      stage_id: lead.stageId,
      metadata: JSON.stringify({ refs: {}, extra: lead.extra ?? {} }),
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return row.id
}

const CONTROL_TABLES = ['clients', 'api_keys', 'client_secrets', 'cors_origins', 'idempotency_keys', 'rate_limit_windows']

/**
 * A digest of every table of the tenants' schemas and of the platform tables, plus the ids of all
 * Agenda jobs (only ids: the scheduler updates its own repeating jobs' rows as it runs them).
 */
export async function snapshotEverything(server: TestServer, tenants: TestTenant[]) {
  const { rows } = await sql<{ name: string }>`
    select table_schema || '.' || table_name as name from information_schema.tables
    where table_schema in (${sql.join(tenants.map((tenant) => `tenant_${tenant.clientCode}`))}) and table_type = 'BASE TABLE'
    order by 1`.execute(server.platform.db)
  const jobs = await sql<{ id: string }>`select id::text as id from agenda_jobs order by 1`.execute(server.platform.db)
  return {
    tables: await snapshotTables(server, [...rows.map((row) => row.name), ...CONTROL_TABLES]),
    jobIds: jobs.rows.map((job) => job.id),
  }
}
