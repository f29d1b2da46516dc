import assert from 'node:assert/strict'
import { test } from 'node:test'
import { request } from '../helpers/http'
import { useTestServer } from '../helpers/use-test-server'

const env = useTestServer({ tenants: { tenant: 'Activities Clinic' } })
let phone = 919700000000

const call = (method: string, path: string, json?: unknown) => request(env.server, method, path, { headers: env.tenant.headers, json })

async function newLead(): Promise<string> {
  const created = await call('POST', '/api/crm/leads', { firstName: 'Suresh', phone: `+${phone++}` })
  assert.equal(created.status, 201, JSON.stringify(created.body))
  return created.body.data.id
}

async function addNote(leadId: string, content: string) {
  const created = await call('POST', `/api/crm/leads/${leadId}/notes`, { content })
  assert.equal(created.status, 201, JSON.stringify(created.body))
  return created.body.data
}

test('the seed’s note is created unpinned and listed', async () => {
  const leadId = await newLead()
  const created = await call('POST', `/api/crm/leads/${leadId}/notes`, { content: 'Patient prefers evening slots.', createdBy: 'Dr. Sharma' })
  assert.equal(created.status, 201)
  assert.equal(created.body.data.content, 'Patient prefers evening slots.')
  assert.equal(created.body.data.createdBy, 'Dr. Sharma')
  assert.equal(created.body.data.isPinned, false)
  assert.equal(created.body.data.leadId, leadId)
  const listed = await call('GET', `/api/crm/leads/${leadId}/notes`)
  assert.equal(listed.status, 200)
  assert.deepEqual(listed.body, { success: true, data: [created.body.data] })
})

test('notes are listed pinned first, then newest; pinning toggles', async () => {
  const leadId = await newLead()
  const first = await addNote(leadId, 'first')
  const second = await addNote(leadId, 'second')
  const third = await addNote(leadId, 'third')

  const pinned = await call('PATCH', `/api/crm/notes/${first.id}/pin`)
  assert.equal(pinned.status, 200)
  assert.equal(pinned.body.data.isPinned, true)
  let listed = await call('GET', `/api/crm/leads/${leadId}/notes`)
  assert.deepEqual(listed.body.data.map((note: { content: string }) => note.content), ['first', 'third', 'second'])

  const unpinned = await call('PATCH', `/api/crm/notes/${first.id}/pin`)
  assert.equal(unpinned.body.data.isPinned, false)
  listed = await call('GET', `/api/crm/leads/${leadId}/notes`)
  assert.deepEqual(listed.body.data.map((note: { id: string }) => note.id), [third.id, second.id, first.id])
})

test('a note is edited and deleted', async () => {
  const leadId = await newLead()
  const note = await addNote(leadId, 'Patient prefers evening slots.')
  const edited = await call('PATCH', `/api/crm/notes/${note.id}`, { content: 'Evening slots after 6 pm.' })
  assert.equal(edited.status, 200)
  assert.equal(edited.body.data.content, 'Evening slots after 6 pm.')
  assert.equal(edited.body.data.createdAt, note.createdAt)
  assert.ok(edited.body.data.updatedAt > note.updatedAt)

  const deleted = await call('DELETE', `/api/crm/notes/${note.id}`)
  assert.equal(deleted.status, 200)
  assert.deepEqual(deleted.body, { success: true, data: { id: note.id, deleted: true } })
  assert.deepEqual((await call('GET', `/api/crm/leads/${leadId}/notes`)).body.data, [])
  assert.equal((await call('DELETE', `/api/crm/notes/${note.id}`)).status, 404, 'a deleted note is gone')
})

test('the seed’s manual activity is logged and marks the lead contacted', async () => {
  const leadId = await newLead()
  const before = await call('GET', `/api/crm/leads/${leadId}`)
  assert.equal(before.body.data.lastContactedAt, null)
  const logged = await call('POST', `/api/crm/leads/${leadId}/activities`, {
    type: 'meeting',
    title: 'Demo call with Dr. Sharma',
    body: 'Discussed the appointment automation workflow.',
    performedBy: 'sales_team',
  })
  assert.equal(logged.status, 201, JSON.stringify(logged.body))
  assert.deepEqual({ ...logged.body.data, id: undefined, createdAt: undefined }, {
    id: undefined,
    leadId,
    type: 'meeting',
    title: 'Demo call with Dr. Sharma',
    body: 'Discussed the appointment automation workflow.',
    performedBy: 'sales_team',
    data: {},
    createdAt: undefined,
  })
  const lead = await call('GET', `/api/crm/leads/${leadId}`)
  assert.equal(lead.body.data.lastContactedAt, logged.body.data.createdAt)
})

test('the seed’s call becomes a call activity and sets lastContactedAt', async () => {
  const leadId = await newLead()
  const logged = await call('POST', `/api/crm/leads/${leadId}/calls`, { durationMinutes: 12, summary: 'Explained pricing', outcome: 'interested' })
  assert.equal(logged.status, 201, JSON.stringify(logged.body))
  assert.equal(logged.body.data.type, 'call')
  assert.equal(logged.body.data.title, 'Call (12 min)')
  assert.equal(logged.body.data.body, 'Explained pricing')
  assert.deepEqual(logged.body.data.data, { durationMinutes: 12, outcome: 'interested' })
  const lead = await call('GET', `/api/crm/leads/${leadId}`)
  assert.equal(lead.body.data.lastContactedAt, logged.body.data.createdAt)
  const calls = await call('GET', `/api/crm/leads/${leadId}/activities?type=call`)
  assert.deepEqual(calls.body.data, [logged.body.data])
})

test('activities are listed newest first, filtered by type and paginated', async () => {
  const leadId = await newLead()
  const titles = ['m1', 'e1', 'm2', 'm3', 't1']
  for (const title of titles) {
    const type = { m: 'meeting', e: 'email', t: 'task' }[title[0] as 'm' | 'e' | 't']
    assert.equal((await call('POST', `/api/crm/leads/${leadId}/activities`, { type, title })).status, 201)
  }
  const all = await call('GET', `/api/crm/leads/${leadId}/activities`)
  assert.equal(all.status, 200)
  assert.deepEqual(all.body.data.map((a: { title: string }) => a.title).slice(0, 5), ['t1', 'm3', 'm2', 'e1', 'm1'])
  assert.equal(all.body.data.at(-1).type, 'lead_created', 'system activities are listed too')
  assert.deepEqual([all.body.total, all.body.page, all.body.limit, all.body.totalPages], [6, 1, 25, 1])

  const meetings = await call('GET', `/api/crm/leads/${leadId}/activities?type=meeting&page=2&limit=2`)
  assert.deepEqual(meetings.body.data.map((a: { title: string }) => a.title), ['m1'])
  assert.deepEqual([meetings.body.total, meetings.body.page, meetings.body.limit, meetings.body.totalPages], [3, 2, 2, 2])

  const none = await call('GET', `/api/crm/leads/${leadId}/activities?type=stage_moved`)
  assert.deepEqual([none.body.data, none.body.total, none.body.totalPages], [[], 0, 0])
})

test('adding, editing and deleting a note each write an activity naming the note', async () => {
  const leadId = await newLead()
  const created = await call('POST', `/api/crm/leads/${leadId}/notes`, { content: 'Prefers evenings', createdBy: 'Dr. Sharma' })
  const noteId = created.body.data.id
  assert.equal((await call('PATCH', `/api/crm/notes/${noteId}`, { content: 'Prefers evenings after 6' })).status, 200)
  assert.equal((await call('PATCH', `/api/crm/notes/${noteId}/pin`)).status, 200)
  assert.equal((await call('DELETE', `/api/crm/notes/${noteId}`)).status, 200)

  const listed = await call('GET', `/api/crm/leads/${leadId}/activities`)
  const noteActivities = listed.body.data.filter((activity: { type: string }) => activity.type.startsWith('note_'))
  assert.deepEqual(
    noteActivities.map(({ type, title, performedBy, data }: Record<string, unknown>) => ({ type, title, performedBy, data })),
    [
      { type: 'note_deleted', title: 'Note deleted', performedBy: null, data: { noteId } },
      { type: 'note_edited', title: 'Note edited', performedBy: null, data: { noteId } },
      { type: 'note_added', title: 'Note added', performedBy: 'Dr. Sharma', data: { noteId } },
    ],
    'pinning is not part of the story',
  )
  assert.equal(noteActivities.at(-1).createdAt, created.body.data.createdAt, 'written with the note')
  const added = await call('GET', `/api/crm/leads/${leadId}/activities?type=note_added`)
  assert.deepEqual(added.body.data, [noteActivities.at(-1)])
})

/** The timeline's entries as [kind, title or content], grouped by moment (a note and its "Note added" share one, ordered by id). */
function momentsOf(items: { kind: string; title?: string; content?: string; createdAt: string }[]) {
  const moments: { at: string; entries: string[][] }[] = []
  for (const item of items) {
    if (moments.at(-1)?.at !== item.createdAt) moments.push({ at: item.createdAt, entries: [] })
    moments.at(-1)?.entries.push([item.kind, item.title ?? item.content ?? ''])
  }
  assert.deepEqual(moments.map(({ at }) => at), moments.map(({ at }) => at).sort().reverse(), 'newest first')
  return moments.map(({ entries }) => entries.sort())
}

test('the timeline merges activities and notes newest first, paginated across both', async () => {
  const leadId = await newLead()
  await call('POST', `/api/crm/leads/${leadId}/activities`, { type: 'email', title: 'Sent brochure' })
  const note = await addNote(leadId, 'Asked for a discount')
  await call('POST', `/api/crm/leads/${leadId}/calls`, { durationMinutes: 3, outcome: 'callback' })
  await addNote(leadId, 'Call back on Monday')

  const full = await call('GET', `/api/crm/leads/${leadId}/timeline`)
  assert.equal(full.status, 200)
  assert.deepEqual(momentsOf(full.body.data), [
    [['activity', 'Note added'], ['note', 'Call back on Monday']],
    [['activity', 'Call (3 min)']],
    [['activity', 'Note added'], ['note', 'Asked for a discount']],
    [['activity', 'Sent brochure']],
    [['activity', 'Lead created']],
  ])
  assert.deepEqual(
    full.body.data.find((item: { id: string }) => item.id === note.id),
    { kind: 'note', ...note },
  )
  assert.equal(full.body.total, 7)

  const pages = await Promise.all([1, 2, 3, 4].map((page) => call('GET', `/api/crm/leads/${leadId}/timeline?page=${page}&limit=2`)))
  assert.deepEqual(pages.flatMap((page) => page.body.data), full.body.data)
  assert.deepEqual(pages.map((page) => [page.body.total, page.body.totalPages, page.body.data.length]), [[7, 4, 2], [7, 4, 2], [7, 4, 2], [7, 4, 1]])
})
