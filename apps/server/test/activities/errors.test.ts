import assert from 'node:assert/strict'
import { test } from 'node:test'
import { snapshotTables } from '../helpers/db-snapshot'
import { expectRefused, type HttpResult, request } from '../helpers/http'
import type { TestTenant } from '../helpers/tenants'
import { useTestServer } from '../helpers/use-test-server'

const UNKNOWN = '00000000-0000-4000-8000-000000000000'

let leadId: string
let noteId: string
let otherLeadId: string
let otherNoteId: string
const env = useTestServer({
  tenants: { tenant: 'Errors Clinic', other: 'Other Clinic' },
  async seed() {
    const leadWithNote = async (target: TestTenant, phone: string) => {
      const lead = await request(env.server, 'POST', '/api/crm/leads', { headers: target.headers, json: { firstName: 'Suresh', phone } })
      const note = await request(env.server, 'POST', `/api/crm/leads/${lead.body.data.id}/notes`, { headers: target.headers, json: { content: 'A note' } })
      return [lead.body.data.id, note.body.data.id]
    }
    ;[leadId, noteId] = await leadWithNote(env.tenant, '+919800000001')
    ;[otherLeadId, otherNoteId] = await leadWithNote(env.other, '+919800000002')
  },
})

/** Every lead, activity and note row of both tenants (so also each lead's lastContactedAt). */
const historyTables = () =>
  snapshotTables(
    env.server,
    [env.tenant, env.other].flatMap(({ clientCode }) => ['leads', 'activities', 'notes'].map((table) => `tenant_${clientCode}.${table}`)),
  )

async function expectRefusedWritingNothing(call: () => Promise<HttpResult>, status: number, code: string, field?: string) {
  const before = await historyTables()
  const result = await call()
  expectRefused(result, status, code, { fields: field ? [field] : [] })
  assert.deepEqual(await historyTables(), before, 'nothing was written')
}

const send = (method: string, path: string, json?: unknown) => () => request(env.server, method, path, { headers: env.tenant.headers, json })

const validNote = { content: 'Patient prefers evening slots.' }
const validActivity = { type: 'meeting', title: 'Demo call with Dr. Sharma' }
const validCall = { durationMinutes: 12, summary: 'Explained pricing', outcome: 'interested' }

const leadRoutes: [string, string, unknown?][] = [
  ['GET', 'notes'],
  ['POST', 'notes', validNote],
  ['GET', 'activities'],
  ['POST', 'activities', validActivity],
  ['POST', 'calls', validCall],
  ['GET', 'timeline'],
]
for (const [method, sub, json] of leadRoutes) {
  test(`${method} …/leads/{id}/${sub} for an unknown or another tenant's lead → 404 LEAD_NOT_FOUND, nothing written`, async () => {
    await expectRefusedWritingNothing(send(method, `/api/crm/leads/${UNKNOWN}/${sub}`, json), 404, 'LEAD_NOT_FOUND')
    await expectRefusedWritingNothing(send(method, `/api/crm/leads/${otherLeadId}/${sub}`, json), 404, 'LEAD_NOT_FOUND')
  })
  test(`${method} …/leads/{id}/${sub} with a malformed lead id → 404 LEAD_NOT_FOUND (ids are opaque), nothing written`, () =>
    expectRefusedWritingNothing(send(method, `/api/crm/leads/not-an-id/${sub}`, json), 404, 'LEAD_NOT_FOUND'))
}

const noteRoutes: [string, string, unknown?][] = [
  ['PATCH', '', validNote],
  ['PATCH', '/pin'],
  ['DELETE', ''],
]
for (const [method, suffix, json] of noteRoutes) {
  test(`${method} /api/crm/notes/{id}${suffix} for an unknown or another tenant's note → 404 NOTE_NOT_FOUND, nothing written`, async () => {
    await expectRefusedWritingNothing(send(method, `/api/crm/notes/${UNKNOWN}${suffix}`, json), 404, 'NOTE_NOT_FOUND')
    await expectRefusedWritingNothing(send(method, `/api/crm/notes/${otherNoteId}${suffix}`, json), 404, 'NOTE_NOT_FOUND')
  })
  test(`${method} /api/crm/notes/{id}${suffix} with a malformed note id → 404 NOTE_NOT_FOUND (ids are opaque), nothing written`, () =>
    expectRefusedWritingNothing(send(method, `/api/crm/notes/42${suffix}`, json), 404, 'NOTE_NOT_FOUND'))
}

const bodyCases: [string, string, string, unknown, string][] = [
  ['a note with empty content', 'POST', 'notes', { content: '' }, 'body.content'],
  ['a note with blank content', 'POST', 'notes', { content: '   ' }, 'body.content'],
  ['a note without content', 'POST', 'notes', { createdBy: 'Dr. Sharma' }, 'body.content'],
  ['a note with an unknown field', 'POST', 'notes', { ...validNote, pinned: true }, 'body.pinned'],
  ['an activity of an unknown type', 'POST', 'activities', { ...validActivity, type: 'stage_moved' }, 'body.type'],
  ['an activity without a title', 'POST', 'activities', { type: 'meeting' }, 'body.title'],
  ['a call with a negative duration', 'POST', 'calls', { ...validCall, durationMinutes: -1 }, 'body.durationMinutes'],
  ['a call with a fractional duration', 'POST', 'calls', { ...validCall, durationMinutes: 1.5 }, 'body.durationMinutes'],
  ['a call with an unknown outcome', 'POST', 'calls', { ...validCall, outcome: 'maybe' }, 'body.outcome'],
]
for (const [name, method, sub, json, field] of bodyCases) {
  test(`${name} → 400 naming ${field}, nothing written`, () =>
    expectRefusedWritingNothing(send(method, `/api/crm/leads/${leadId}/${sub}`, json), 400, 'VALIDATION_ERROR', field))
}

test('editing a note to empty content → 400 naming body.content, nothing written', () =>
  expectRefusedWritingNothing(send('PATCH', `/api/crm/notes/${noteId}`, { content: '' }), 400, 'VALIDATION_ERROR', 'body.content'))

const queryCases: [string, string][] = [
  ['activities?limit=1000', 'query.limit'],
  ['activities?page=0', 'query.page'],
  ['activities?type=', 'query.type'],
  ['timeline?limit=1000', 'query.limit'],
  ['timeline?page=abc', 'query.page'],
]
for (const [query, field] of queryCases) {
  test(`GET …/${query} → 400 naming ${field}`, () => expectRefusedWritingNothing(send('GET', `/api/crm/leads/${leadId}/${query}`), 400, 'VALIDATION_ERROR', field))
}

test("the other tenant's note is untouched by all of the above", async () => {
  const notes = await request(env.server, 'GET', `/api/crm/leads/${otherLeadId}/notes`, { headers: env.other.headers })
  assert.deepEqual(
    notes.body.data.map((note: { id: string; content: string; isPinned: boolean }) => [note.id, note.content, note.isPinned]),
    [[otherNoteId, 'A note', false]],
  )
})
