import type { LeadStatus } from '../../src/platform/database/tenant-tables'
import { request } from '../helpers/http'
import { type TestTenant, tenantDb } from '../helpers/tenants'
import type { TestServer } from '../helpers/test-server'

export const HOUR = 3_600_000
export const DAY = 24 * HOUR


export interface AnalyticsLead {
  stageId: string
  status?: LeadStatus
  source?: string
  assignedTo?: string
  score?: number
  dealValue?: number
  createdAt?: Date
}

/**
 * Writes leads of one pipeline straight into the tenant's schema, with the fields the reports group by.
 * Kept as an insert: the reports need exact scores and statuses and count every activity, and the API
 * scores a lead by the scoring rules and records a lead_created (or status change) activity for each.
 */
export async function insertLeads(server: TestServer, clientCode: string, pipelineId: string, leads: AnalyticsLead[]): Promise<string[]> {
  const rows = await tenantDb(server, { clientCode })
    .insertInto('leads')
    .values(
      leads.map((lead, index) => ({
        first_name: `Lead ${index + 1}`,
        pipeline_id: pipelineId,
        stage_id: lead.stageId,
        status: lead.status ?? 'open',
        source: lead.source ?? null,
        assigned_to: lead.assignedTo ?? null,
        score: lead.score ?? 0,
        deal_value: lead.dealValue ?? null,
      })),
    )
    .returning('id')
    .execute()
  const ids = rows.map((row) => row.id)
  for (const [index, lead] of leads.entries()) {
    if (lead.createdAt) await backdate(server, clientCode, 'leads', ids[index]!, lead.createdAt)
  }
  return ids
}

/** Sets a row's created_at (a lead also entered its stage then), which the table types keep read-only for the application. */
export async function backdate(server: TestServer, clientCode: string, table: 'leads' | 'activities', id: string, createdAt: Date) {
  const times = table === 'leads' ? { created_at: createdAt, stage_entered_at: createdAt } : { created_at: createdAt }
  await tenantDb(server, { clientCode }).updateTable(table).set(times as never).where('id', '=', id).execute()
}

let leadCount = 0

/**
 * Open leads of one pipeline created through POST /api/crm/leads (each with a phone of its own),
 * then back-dated to `createdAt`: the API only writes "now". Returns their ids, in order.
 */
export async function createLeads(
  server: TestServer,
  tenant: TestTenant,
  leads: Pick<AnalyticsLead, 'stageId' | 'source' | 'assignedTo' | 'dealValue' | 'createdAt'>[],
): Promise<string[]> {
  const ids: string[] = []
  for (const lead of leads) {
    leadCount += 1
    const created = await request(server, 'POST', '/api/crm/leads', {
      headers: tenant.headers,
      json: {
        firstName: `Lead ${leadCount}`,
        phone: `+91 94${String(leadCount).padStart(8, '0')}`,
        stageId: lead.stageId,
        ...(lead.source === undefined ? {} : { source: lead.source }),
        ...(lead.assignedTo === undefined ? {} : { assignedTo: lead.assignedTo }),
        ...(lead.dealValue === undefined ? {} : { dealValue: lead.dealValue }),
      },
    })
    if (created.status !== 201) throw new Error(`creating a lead failed: ${created.status} ${JSON.stringify(created.body)}`)
    ids.push(created.body.data.id)
    if (lead.createdAt) await backdate(server, tenant.clientCode, 'leads', created.body.data.id, lead.createdAt)
  }
  return ids
}

/** Calls logged through POST /api/crm/leads/{leadId}/activities, then back-dated to `createdAt` (the API writes "now"). */
export async function logActivities(
  server: TestServer,
  tenant: TestTenant,
  activities: { leadId: string; performedBy?: string; createdAt: Date }[],
): Promise<void> {
  for (const activity of activities) {
    const logged = await request(server, 'POST', `/api/crm/leads/${activity.leadId}/activities`, {
      headers: tenant.headers,
      json: { type: 'call', title: 'Called', ...(activity.performedBy === undefined ? {} : { performedBy: activity.performedBy }) },
    })
    if (logged.status !== 201) throw new Error(`logging an activity failed: ${logged.status} ${JSON.stringify(logged.body)}`)
    await backdate(server, tenant.clientCode, 'activities', logged.body.data.id, activity.createdAt)
  }
}

/**
 * Dates a lead's stage moves (oldest first) at the given times, to replay a history that took hours:
 * its stage_moved activities and the stays they ended (each began at the previous move or at creation).
 */
export async function backdateStageMoves(server: TestServer, clientCode: string, leadId: string, times: Date[]): Promise<void> {
  const db = tenantDb(server, { clientCode })
  const rows = await db.selectFrom('activities').select('id').where('lead_id', '=', leadId).where('type', '=', 'stage_moved').orderBy('created_at').execute()
  const stays = await db.selectFrom('stage_stays').select('id').where('lead_id', '=', leadId).orderBy('id').execute()
  if (rows.length !== times.length || stays.length !== times.length) {
    throw new Error(`lead ${leadId} has ${rows.length} stage moves and ${stays.length} stays, not ${times.length}`)
  }
  const lead = await db.selectFrom('leads').select('created_at').where('id', '=', leadId).executeTakeFirstOrThrow()
  for (const [index, row] of rows.entries()) {
    await backdate(server, clientCode, 'activities', row.id, times[index]!)
    const stay = { entered_at: times[index - 1] ?? lead.created_at, exited_at: times[index]! }
    await db.updateTable('stage_stays').set(stay).where('id', '=', stays[index]!.id).execute()
  }
}
