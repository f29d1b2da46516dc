import assert from 'node:assert/strict'
import { test } from 'node:test'
import { parse } from 'csv-parse/sync'
import { request } from '../helpers/http'
import { useTestServer } from '../helpers/use-test-server'

const env = useTestServer({ tenants: { tenant: 'Formula Clinic' } })

async function exportedRows(source: string): Promise<Record<string, string>[]> {
  const result = await request(env.server, 'GET', `/api/crm/leads/export?source=${source}`, { headers: env.tenant.headers })
  assert.equal(result.status, 200)
  return parse(result.body as string, { columns: true })
}

test('text cells a spreadsheet would run as formulas export behind a leading quote', async () => {
  const created = await request(env.server, 'POST', '/api/crm/leads', {
    headers: env.tenant.headers,
    json: {
      firstName: '=HYPERLINK("http://x")',
      lastName: '@SUM(A1:A9)',
      phone: '+919100000011',
      dealTitle: '-2+3+cmd|\' /C calc\'!A0',
      tags: ['+tag', '\tindent'],
      source: 'formulas',
    },
  })
  assert.equal(created.status, 201, JSON.stringify(created.body))
  const [row] = await exportedRows('formulas')
  assert.equal(row!.firstName, '\'=HYPERLINK("http://x")')
  assert.equal(row!.lastName, "'@SUM(A1:A9)")
  assert.equal(row!.dealTitle, "'-2+3+cmd|' /C calc'!A0")
  assert.equal(row!.tags, "'+tag;\tindent")
})

test('numbers, signed or not, export as they are: phones, deal values, and text that is only a number', async () => {
  const created = await request(env.server, 'POST', '/api/crm/leads', {
    headers: env.tenant.headers,
    json: { firstName: '+44', lastName: '-12.5', phone: '+919100000012', dealValue: 1250.5, source: 'numbers' },
  })
  assert.equal(created.status, 201, JSON.stringify(created.body))
  const [row] = await exportedRows('numbers')
  assert.equal(row!.phone, created.body.data.phone)
  assert.equal(row!.firstName, '+44')
  assert.equal(row!.lastName, '-12.5')
  assert.equal(Number(row!.dealValue), 1250.5)
  assert.equal(row!.score, String(created.body.data.score))
})
