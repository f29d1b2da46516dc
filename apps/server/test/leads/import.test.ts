import assert from 'node:assert/strict'
import { test } from 'node:test'
import { request } from '../helpers/http'
import { tenantDb } from '../helpers/tenants'
import { useTestServer } from '../helpers/use-test-server'

const env = useTestServer({ tenants: { tenant: 'Import Clinic' } })

const db = () => tenantDb(env.server, env.tenant)
const leadCount = async () => (await db().selectFrom('leads').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n
const importJson = (json: unknown) => request(env.server, 'POST', '/api/crm/leads/import', { headers: env.tenant.headers, json })
const importCsv = (csv: string) =>
  request(env.server, 'POST', '/api/crm/leads/import', { headers: { ...env.tenant.headers, 'content-type': 'text/csv' }, raw: csv })

test('the seed’s JSON import creates, then a second import updates by phone', async () => {
  const first = await importJson({ leads: [{ firstName: 'A', phone: '919876543210', source: 'website' }, { firstName: 'B', phone: '919999999999' }] })
  assert.equal(first.status, 200)
  assert.deepEqual(first.body.data, { created: 2, updated: 0, errors: [] })
  const second = await importJson({ leads: [{ phone: '+91 98765 43210', dealValue: 500, tags: ['imported'] }, { firstName: 'C', phone: '919888888888' }] })
  assert.deepEqual(second.body.data, { created: 1, updated: 1, errors: [] })
  const a = await db().selectFrom('leads').selectAll().where('phone', '=', '+919876543210').executeTakeFirstOrThrow()
  assert.equal(a.first_name, 'A', 'fields the row does not give are kept')
  assert.equal(a.source, 'website')
  assert.equal(Number(a.deal_value), 500)
  assert.deepEqual(a.tags, ['imported'])
  const created = await db().selectFrom('crm_events').select('type').where('type', '=', 'lead_created').execute()
  assert.equal(created.length, 3, 'a lead_created event per created lead')
})

test('CSV with a header row imports the same way; invalid rows are reported and skipped', async () => {
  const before = await leadCount()
  const csv = [
    'firstName,lastName,phone,email,dealValue,tags',
    'Dev,Kumar,+919777000001,dev@example.com,1200,hot;vip',
    '"Rao, Jr.",,919777000002,,,',
    'Bad,Phone,call-me,,,',
    'Twin,,+91 97770 00001,,,',
    'Neg,,919777000005,,-3,',
  ].join('\n')
  const result = await importCsv(csv)
  assert.equal(result.status, 200, JSON.stringify(result.body))
  assert.equal(result.body.data.created, 2)
  assert.equal(result.body.data.updated, 0)
  assert.deepEqual(result.body.data.errors.map((error: { row: number; path: string }) => [error.row, error.path]), [
    [3, 'phone'],
    [4, 'phone'],
    [5, 'dealValue'],
  ])
  assert.equal(await leadCount(), before + 2)
  const dev = await db().selectFrom('leads').selectAll().where('phone', '=', '+919777000001').executeTakeFirstOrThrow()
  assert.deepEqual(dev.tags, ['hot', 'vip'])
  assert.equal(Number(dev.deal_value), 1200)
})

test('1001 rows → 400 naming body.leads, nothing written', async () => {
  const before = await leadCount()
  const rows = Array.from({ length: 1001 }, (_, i) => ({ phone: `+9191${String(i).padStart(8, '0')}` }))
  const result = await importJson({ leads: rows })
  assert.equal(result.status, 400)
  assert.equal(result.body.code, 'VALIDATION_ERROR')
  assert.ok(result.body.details.some((detail: { path: string }) => detail.path === 'body.leads'))
  assert.equal(await leadCount(), before)
  const csv = ['phone', ...rows.map((row) => row.phone)].join('\n')
  const csvResult = await importCsv(csv)
  assert.equal(csvResult.status, 400)
  assert.equal(await leadCount(), before)
})

test('CSV that cannot be parsed, or a body of another type → 4xx, nothing written', async () => {
  const before = await leadCount()
  const broken = await importCsv('firstName,phone\n"Unclosed,919700000000\n')
  assert.equal(broken.status, 400)
  assert.equal(broken.body.code, 'VALIDATION_ERROR')
  const ragged = await importCsv('firstName,phone\nA,919700000001,extra\n')
  assert.equal(ragged.status, 400)
  const xml = await request(env.server, 'POST', '/api/crm/leads/import', { headers: { ...env.tenant.headers, 'content-type': 'application/xml' }, raw: '<leads/>' })
  assert.equal(xml.status, 415)
  const missing = await importJson({})
  assert.equal(missing.status, 400)
  assert.equal(await leadCount(), before)
})
