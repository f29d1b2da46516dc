import assert from 'node:assert/strict'
import { test } from 'node:test'
import { createEcodrix, type EcodrixTenantClient } from '@ecodrix/sdk'
import { adminHeaders, request } from '../helpers/http'
import { useTestServer } from '../helpers/use-test-server'

const env = useTestServer({
  tenants: { clinic: 'SDK Templates Clinic' },
  seed: async () => {
    const secrets = await request(env.server, 'POST', `/api/clients/${env.clinic.clientCode}/secrets`, {
      headers: adminHeaders(env.server),
      json: { whatsappToken: 'mock_sdk_templates', whatsappPhoneNumberId: '109876543210921' },
    })
    assert.equal(secrets.status, 200, JSON.stringify(secrets.body))
  },
})

const sdk = (): EcodrixTenantClient =>
  createEcodrix({ baseUrl: env.server.url, apiKey: env.clinic.apiKey, clientCode: env.clinic.clientCode, retryBaseDelayMs: 1 })

test('the SDK syncs, lists, maps and previews templates with typed routes', async () => {
  const erix = sdk()
  assert.deepEqual(await erix.POST('/api/saas/chat/templates/sync'), { created: 4, updated: 0, deleted: 0, total: 4 })
  const names: string[] = []
  for await (const template of erix.paginate('/api/saas/chat/templates', { params: { query: { status: 'approved', limit: 2 } } })) names.push(template.name)
  assert.deepEqual(names, ['appointment_confirmed', 'hello_world', 'order_update'])

  const mapped = await erix.PUT('/api/saas/chat/templates/{templateName}/mapping', {
    params: { path: { templateName: 'appointment_confirmed' } },
    body: {
      mappings: [
        { variableIndex: 1, source: 'lead', field: 'firstName' },
        { variableIndex: 2, source: 'event', field: 'doctorName' },
        { variableIndex: 3, source: 'event', field: 'time' },
      ],
      onEmptyVariable: 'default',
      defaultValue: 'soon',
    },
  })
  assert.equal(mapped.languages[0]?.mappingStatus, 'mapped')
  const previewed = await erix.POST('/api/saas/chat/templates/{templateName}/preview', {
    params: { path: { templateName: 'appointment_confirmed' } },
    body: { context: { lead: { firstName: 'Ravi' }, event: { doctorName: 'Dr. Sharma' } } },
  })
  assert.equal(previewed.components[0]?.text, 'Hi Ravi, your appointment with Dr. Sharma is confirmed for soon.')
})
