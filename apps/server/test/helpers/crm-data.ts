import { schemaNameFor } from '../../src/areas/clients/tenant-location'
import type { LeadStatus } from '../../src/platform/database/tenant-tables'
import { snapshotTables } from './db-snapshot'
import { tenantDb } from './tenants'
import type { TestServer } from './test-server'

const CRM_TABLES = ['pipelines', 'stages', 'leads'] as const

export interface TestLead {
  pipelineId: string
  stageId: string
  dealValue?: number | null
  status?: LeadStatus
}

/**
 * Writes bare leads straight into a tenant's schema; returns their ids. The API cannot make these:
 * it records each new lead's activity and outbox events (which the stage tests count), and a won
 * or lost lead it moves to the pipeline's closing stage.
 */
export async function insertLeads(server: TestServer, clientCode: string, leads: TestLead[]): Promise<string[]> {
  const rows = await tenantDb(server, { clientCode })
    .insertInto('leads')
    .values(
      leads.map((lead, index) => ({
        first_name: `Lead ${index + 1}`,
        pipeline_id: lead.pipelineId,
        stage_id: lead.stageId,
        deal_value: lead.dealValue ?? null,
        status: lead.status ?? 'open',
      })),
    )
    .returning('id')
    .execute()
  return rows.map((row) => row.id)
}

/** Stage id of every lead of the tenant, by lead id. */
export async function leadStages(server: TestServer, clientCode: string): Promise<Map<string, string>> {
  const rows = await tenantDb(server, { clientCode }).selectFrom('leads').select(['id', 'stage_id']).execute()
  return new Map(rows.map((row) => [row.id, row.stage_id]))
}

export async function countDefaultPipelines(server: TestServer, clientCode: string): Promise<number> {
  const row = await tenantDb(server, { clientCode })
    .selectFrom('pipelines')
    .select((eb) => eb.fn.countAll<string>().as('count'))
    .where('is_default', '=', true)
    .executeTakeFirstOrThrow()
  return Number(row.count)
}

/** A digest of every pipeline, stage and lead row of the tenant, to prove a refused request changed nothing. */
export function snapshotCrmTables(server: TestServer, clientCode: string): Promise<Record<string, string>> {
  return snapshotTables(
    server,
    CRM_TABLES.map((table) => `${schemaNameFor(clientCode)}.${table}`),
  )
}
