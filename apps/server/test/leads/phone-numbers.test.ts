import assert from 'node:assert/strict'
import { test } from 'node:test'
import { up as migratePhonesToE164 } from '../../src/platform/database/migrations/tenant/0009-phone-e164'
import { adminHeaders, expectRefused, request } from '../helpers/http'
import { type TestTenant, tenantDb, uniqueCode } from '../helpers/tenants'
import { useTestServer } from '../helpers/use-test-server'

let london: TestTenant
const env = useTestServer({
  tenants: { clinic: 'Phone Clinic', legacy: 'Legacy Clinic', moving: 'Moving Clinic' },
  seed: async () => {
    london = await createTenantIn('GB')
  },
})

async function createTenantIn(defaultCountry: string): Promise<TestTenant> {
  const created = await request(env.server, 'POST', '/api/clients', {
    headers: adminHeaders(env.server),
    json: { name: `Clinic in ${defaultCountry}`, clientCode: uniqueCode(), defaultCountry },
  })
  assert.equal(created.status, 201, JSON.stringify(created.body))
  assert.equal(created.body.data.defaultCountry, defaultCountry)
  const { clientCode, apiKey, webhookSecret } = created.body.data
  return { clientCode, apiKey, webhookSecret, headers: { 'x-api-key': apiKey, 'x-client-code': clientCode } }
}

const call = (tenant: TestTenant, method: string, path: string, json?: unknown) => request(env.server, method, path, { headers: tenant.headers, json })
const createLead = (tenant: TestTenant, lead: Record<string, unknown>) => call(tenant, 'POST', '/api/crm/leads', lead)
const leadsWithPhone = async (tenant: TestTenant, phone: string) =>
  (await tenantDb(env.server, tenant).selectFrom('leads').select(['id', 'status']).where('phone', '=', phone).execute()).length

/** One Indian mobile number as people write it. */
const formsOf = (national: string) => [
  `0${national}`,
  national,
  `+91 ${national.slice(0, 5)} ${national.slice(5)}`,
  `+91${national}`,
  `0091 ${national.slice(0, 5)} ${national.slice(5)}`,
]

test('every form of one number is one lead: the first creates it, the others answer 409 naming it', async () => {
  const [first, ...others] = formsOf('9876543210')
  const created = await createLead(env.clinic, { firstName: 'Suresh', phone: first })
  assert.equal(created.status, 201, JSON.stringify(created.body))
  assert.equal(created.body.data.phone, '+919876543210')
  for (const phone of others) {
    const again = await createLead(env.clinic, { firstName: 'Suresh again', phone })
    expectRefused(again, 409, 'LEAD_EXISTS', { where: phone, fields: ['body.phone'] })
    assert.match(again.body.message, new RegExp(created.body.data.id))
  }
  const other = await createLead(env.clinic, { firstName: 'Other', phone: '+919876543299' })
  const moved = await call(env.clinic, 'PATCH', `/api/crm/leads/${other.body.data.id}`, { phone: '098765 43210' })
  expectRefused(moved, 409, 'LEAD_EXISTS', { fields: ['body.phone'] })
  assert.equal(await leadsWithPhone(env.clinic, '+919876543210'), 1)
})

test('triggers with createLeadIfMissing find the one lead whatever the form, and the event log filter does too', async () => {
  const forms = formsOf('9876500777')
  const leadIds = new Set<string>()
  for (const phone of forms) {
    const answer = await call(env.clinic, 'POST', '/api/saas/workflows/trigger', { trigger: 'form_submitted', phone, createLeadIfMissing: true, leadData: { firstName: 'Ravi' } })
    assert.equal(answer.status, 200, JSON.stringify(answer.body))
    leadIds.add(answer.body.data.leadId)
  }
  assert.equal(leadIds.size, 1)
  assert.equal(await leadsWithPhone(env.clinic, '+919876500777'), 1)
  const logs = await call(env.clinic, 'GET', `/api/saas/events/logs?phone=${encodeURIComponent('09876500777')}`)
  assert.equal(logs.status, 200)
  assert.deepEqual(logs.body.data.map((log: { phone: string }) => log.phone), Array(forms.length).fill('+919876500777'))
})

test('a number with its country code drops its trunk 0: +44 020 7946 0018 is +442079460018', async () => {
  const created = await createLead(env.clinic, { firstName: 'Emma', phone: '+44 020 7946 0018' })
  assert.equal(created.status, 201, JSON.stringify(created.body))
  assert.equal(created.body.data.phone, '+442079460018')
  expectRefused(await createLead(env.clinic, { phone: '+442079460018' }), 409, 'LEAD_EXISTS')
})

test("national numbers are read in the tenant's default country: GB reads 020 7946 0018 as +44", async () => {
  const created = await createLead(london, { firstName: 'Oliver', phone: '020 7946 0018' })
  assert.equal(created.status, 201, JSON.stringify(created.body))
  assert.equal(created.body.data.phone, '+442079460018')
  const mobile = await createLead(london, { firstName: 'Amelia', phone: '07911 123456' })
  assert.equal(mobile.body.data.phone, '+447911123456')
  const clinic = await request(env.server, 'GET', `/api/clients/${env.clinic.clientCode}`, { headers: adminHeaders(env.server) })
  assert.equal(clinic.body.data.defaultCountry, 'IN', 'IN unless told otherwise')
})

test('PATCH /api/clients/{code} changes the default country for the next request', async () => {
  const before = await createLead(env.moving, { phone: '020 7946 0011' })
  assert.equal(before.body.data.phone, '+912079460011')
  const updated = await request(env.server, 'PATCH', `/api/clients/${env.moving.clientCode}`, { headers: adminHeaders(env.server), json: { defaultCountry: 'GB' } })
  assert.equal(updated.status, 200, JSON.stringify(updated.body))
  assert.equal(updated.body.data.defaultCountry, 'GB')
  const after = await createLead(env.moving, { phone: '020 7946 0011' })
  assert.equal(after.body.data.phone, '+442079460011')
  assert.equal((await leadsWithPhone(env.moving, '+912079460011')) + (await leadsWithPhone(env.moving, '+442079460011')), 2)
})

test('what cannot be one phone number is refused with 400 naming the field, and nothing is written', async () => {
  const before = await leadsWithPhone(env.clinic, '+919876543210')
  for (const phone of ['call me', '12345', '+09876543210', '+91 98765', '98765 43210 ext. 12']) {
    expectRefused(await createLead(env.clinic, { firstName: 'Nope', phone }), 400, 'VALIDATION_ERROR', { where: phone, fields: ['body.phone'] })
    const trigger = await call(env.clinic, 'POST', '/api/saas/workflows/trigger', { trigger: 'form_submitted', phone, createLeadIfMissing: true })
    expectRefused(trigger, 400, 'VALIDATION_ERROR', { where: `trigger ${phone}`, fields: ['body.phone'] })
  }
  const lead = await createLead(env.clinic, { firstName: 'Kept', phone: '+919811100042' })
  expectRefused(await call(env.clinic, 'PATCH', `/api/crm/leads/${lead.body.data.id}`, { phone: '12345' }), 400, 'VALIDATION_ERROR', { fields: ['body.phone'] })
  expectRefused(await call(env.clinic, 'GET', '/api/saas/events/logs?phone=12345'), 400, 'VALIDATION_ERROR', { fields: ['query.phone'] })
  const imported = await call(env.clinic, 'POST', '/api/crm/leads/import', { leads: [{ phone: '12345' }, { phone: '098111 00042' }, { phone: '+91 98111 00042' }] })
  assert.deepEqual(imported.body.data.errors.map((error: { row: number; path: string }) => [error.row, error.path]), [[1, 'phone'], [3, 'phone']])
  assert.deepEqual([imported.body.data.created, imported.body.data.updated], [0, 1], 'the national form updates the lead it names')
  assert.equal(await leadsWithPhone(env.clinic, '+919876543210'), before)
})

test('a default country must be a country with phone numbers', async () => {
  const admin = adminHeaders(env.server)
  for (const defaultCountry of ['XX', 'gb', 'GBR']) {
    const created = await request(env.server, 'POST', '/api/clients', { headers: admin, json: { name: 'Nowhere', clientCode: uniqueCode(), defaultCountry } })
    expectRefused(created, 400, 'VALIDATION_ERROR', { where: defaultCountry, fields: ['body.defaultCountry'] })
    const updated = await request(env.server, 'PATCH', `/api/clients/${env.moving.clientCode}`, { headers: admin, json: { defaultCountry } })
    expectRefused(updated, 400, 'VALIDATION_ERROR', { where: defaultCountry, fields: ['body.defaultCountry'] })
  }
  expectRefused(await request(env.server, 'PATCH', '/api/clients/nobody_here', { headers: admin, json: { defaultCountry: 'GB' } }), 404, 'CLIENT_NOT_FOUND')
})

test('migration 0009 rewrites hand-normalised phones as E.164 and archives the newer of two open leads that become one', async () => {
  const db = tenantDb(env.server, env.legacy)
  const leadWith = async (phone: string, storedAs: string) => {
    const created = await createLead(env.legacy, { firstName: storedAs, phone })
    assert.equal(created.status, 201, JSON.stringify(created.body))
    await db.updateTable('leads').set({ phone: storedAs }).where('id', '=', created.body.data.id).execute()
    return created.body.data.id as string
  }
  const older = await leadWith('+919811100001', '+09876543210')
  const newer = await leadWith('+919876543210', '+919876543210')
  const british = await leadWith('+442079460018', '+4402079460018')
  const national = await leadWith('+919876500011', '+9876500011')
  const unreadable = await leadWith('+919811100005', '+999999999999999')
  const event = await call(env.legacy, 'POST', '/api/saas/workflows/trigger', { trigger: 'form_submitted', phone: '+919811100009' })
  await db.updateTable('event_logs').set({ phone: '+09811100009' }).where('id', '=', event.body.data.eventLogId).execute()

  await db.transaction().execute((trx) => migratePhonesToE164(trx))

  const row = (id: string) => db.selectFrom('leads').select(['phone', 'status']).where('id', '=', id).executeTakeFirstOrThrow()
  assert.deepEqual(await row(older), { phone: '+919876543210', status: 'open' }, 'the oldest keeps the number')
  assert.deepEqual(await row(newer), { phone: '+919876543210', status: 'archived' })
  assert.deepEqual(await row(british), { phone: '+442079460018', status: 'open' })
  assert.deepEqual(await row(national), { phone: '+919876500011', status: 'open' })
  assert.deepEqual(await row(unreadable), { phone: '+999999999999999', status: 'open' }, 'what reads as no number stays as stored')
  const timeline = async (id: string) => (await call(env.legacy, 'GET', `/api/crm/leads/${id}/timeline`)).body.data as { type: string; data: Record<string, unknown> }[]
  const archivedEntry = (await timeline(newer)).find((item) => item.type === 'status_changed')
  assert.deepEqual(archivedEntry?.data, { from: 'open', to: 'archived', reason: 'duplicate_phone', phone: { from: '+919876543210', to: '+919876543210' }, keptLeadId: older })
  const keptEntry = (await timeline(older)).find((item) => item.type === 'duplicate_archived')
  assert.deepEqual(keptEntry?.data, { archivedLeadId: newer, phone: '+919876543210' })
  const logs = await call(env.legacy, 'GET', '/api/saas/events/logs?phone=09811100009')
  assert.deepEqual(logs.body.data.map((log: { id: string }) => log.id), [event.body.data.eventLogId])
  expectRefused(await createLead(env.legacy, { phone: '09876543210' }), 409, 'LEAD_EXISTS')

  const activities = async () => (await db.selectFrom('activities').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n
  const before = await activities()
  await db.transaction().execute((trx) => migratePhonesToE164(trx))
  assert.equal(await activities(), before, 'a second run finds nothing to do')
})
