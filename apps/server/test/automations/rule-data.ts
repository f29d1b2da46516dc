import { randomBytes } from 'node:crypto'
import { sql } from 'kysely'
import { consumeOutboxJob } from '../../src/areas/automation/outbox/consume-outbox.job'
import { snapshotTables, tenantTableNames } from '../helpers/db-snapshot'
import { request } from '../helpers/http'
import type { TestTenant } from '../helpers/tenants'
import type { TestServer } from '../helpers/test-server'
import { settled } from '../workflows/workflow-data'

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
 * A lead created through the API, then left to settle: its lead_created event is consumed (and
 * whatever it triggers finished) before the test snapshots tables. A lead needs a phone or an
 * email; without either it gets an email.
 */
export async function createLead(
  server: TestServer,
  tenant: TestTenant,
  lead: { pipelineId: string; stageId: string; source?: string; phone?: string; email?: string; extra?: Record<string, unknown> },
): Promise<string> {
  const contact = lead.phone === undefined && lead.email === undefined ? { email: `ravi.${randomBytes(4).toString('hex')}@example.com` } : {}
  const created = await request(server, 'POST', '/api/crm/leads', {
    headers: tenant.headers,
    json: {
      firstName: 'Ravi',
      lastName: 'Kumar',
      ...contact,
      ...(lead.phone === undefined ? {} : { phone: lead.phone }),
      ...(lead.email === undefined ? {} : { email: lead.email }),
      ...(lead.source === undefined ? {} : { source: lead.source }),
      pipelineId: lead.pipelineId,
      stageId: lead.stageId,
      metadata: { refs: {}, extra: lead.extra ?? {} },
    },
  })
  if (created.status !== 201) throw new Error(`creating a lead failed: ${created.status} ${JSON.stringify(created.body)}`)
  await settled(server, tenant)
  return created.body.data.id
}

const CONTROL_TABLES = ['clients', 'api_keys', 'client_secrets', 'cors_origins', 'idempotency_keys', 'rate_limit_windows']

/**
 * A digest of every table of the tenants' schemas and of the platform tables, plus the ids of all
 * Agenda jobs (only ids: the scheduler updates its own repeating jobs' rows as it runs them), but
 * the outbox consumer's, whose rows delete themselves once run, in the background.
 */
export async function snapshotEverything(server: TestServer, tenants: TestTenant[]) {
  const tenantTables = await tenantTableNames(server, tenants.map((tenant) => tenant.clientCode))
  const jobs = await sql<{ id: string }>`select id::text as id from agenda_jobs where name <> ${consumeOutboxJob.name} order by 1`.execute(server.platform.db)
  return {
    tables: await snapshotTables(server, [...tenantTables, ...CONTROL_TABLES]),
    jobIds: jobs.rows.map((job) => job.id),
  }
}
