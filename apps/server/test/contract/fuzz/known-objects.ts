import { adminHeaders, request } from '../../helpers/http'
import type { TestTenant } from '../../helpers/tenants'
import type { TestServer } from '../../helpers/test-server'

async function created(server: TestServer, tenant: TestTenant, path: string, json: unknown) {
  const answer = await request(server, 'POST', path, { headers: tenant.headers, json })
  if (answer.status >= 300) throw new Error(`seeding ${path} failed: ${answer.status} ${JSON.stringify(answer.body)}`)
  return answer.body.data
}

/** One object of each kind a path names, made through the API: their ids by the parameter names that take them. */
export async function objectsOf(server: TestServer, tenant: TestTenant, phone: string): Promise<Record<string, string>> {
  const rule = await created(server, tenant, '/api/crm/automations', {
    name: 'Fuzz rule',
    trigger: 'fuzz_seeded',
    actions: [{ type: 'add_tag', config: { tag: 'fuzzed' } }],
  })
  const lead = await created(server, tenant, '/api/crm/leads', { firstName: 'Fuzz', phone })
  const note = await created(server, tenant, `/api/crm/leads/${lead.id}/notes`, { content: 'Seeded note' })
  const event = await created(server, tenant, '/api/saas/workflows/trigger', { trigger: 'fuzz_seeded', phone })
  const conversation = await created(server, tenant, '/api/saas/chat/conversations', { phone, name: 'Fuzz' })
  // A sandbox token, and the sandbox catalog synced: a template name the template routes can act on.
  await request(server, 'POST', `/api/clients/${tenant.clientCode}/secrets`, { headers: adminHeaders(server), json: { whatsappToken: 'mock_fuzz' } })
  await created(server, tenant, '/api/saas/chat/templates/sync', undefined)
  return {
    templateName: 'order_update',
    leadId: lead.id,
    pipelineId: lead.pipelineId,
    stageId: lead.stageId,
    noteId: note.id,
    ruleId: rule.id,
    logId: event.eventLogId,
    jobId: event.jobId,
    conversationId: conversation.id,
  }
}
