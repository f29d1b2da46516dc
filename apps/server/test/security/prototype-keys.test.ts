import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import fc from 'fast-check'
import { sql } from 'kysely'
import { http, HttpResponse } from 'msw'
import { ownPathValue } from '../../src/platform/data/own-path'
import { createRule } from '../automations/rule-data'
import { adminHeaders, expectRefused, request } from '../helpers/http'
import { simulateThirdParties } from '../helpers/network-edge'
import { type SmtpReceiver, startSmtpReceiver } from '../helpers/smtp-receiver'
import { type TestTenant, tenantDb } from '../helpers/tenants'
import { useTestServer } from '../helpers/use-test-server'
import { insertWhatsappTemplate } from '../helpers/whatsapp-templates'
import { finishedEvent, trigger } from '../workflows/workflow-data'

const PROTOTYPE_NAMES = ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf']

const GRAPH = 'https://graph.facebook.com/v21.0'
const sentParameters: string[][] = []
const graph = simulateThirdParties(
  http.post(`${GRAPH}/:phoneNumberId/messages`, async ({ request: req }) => {
    const body = (await req.json()) as { template: { components?: { parameters: { text: string }[] }[] } }
    sentParameters.push(body.template.components?.[0]?.parameters.map((parameter) => parameter.text) ?? [])
    return HttpResponse.json({ messaging_product: 'whatsapp', messages: [{ id: 'wamid.prototype-keys' }] })
  }),
)

let smtp: SmtpReceiver
before(() => graph.listen({ onUnhandledRequest: 'error' }))
const env = useTestServer({
  tenants: { rules: 'Proto Rules', scoring: 'Proto Scoring', messages: 'Proto Messages' },
  seed: async () => {
    smtp = await startSmtpReceiver({ user: 'mailer', pass: 'pw' })
    const secrets = await request(env.server, 'POST', `/api/clients/${env.messages.clientCode}/secrets`, {
      headers: adminHeaders(env.server),
      json: { whatsappToken: 'EAAG-live', whatsappPhoneNumberId: '1098765', smtpHost: '127.0.0.1', smtpPort: smtp.port, smtpUser: 'mailer', smtpPass: 'pw', smtpFrom: 'clinic@example.com' },
    })
    assert.equal(secrets.status, 200, JSON.stringify(secrets.body))
  },
})
after(async () => {
  graph.close()
  await smtp?.close()
})

const call = (tenant: TestTenant, method: string, path: string, json?: unknown) =>
  request(env.server, method, path, { headers: tenant.headers, ...(json === undefined ? {} : { json }) })

async function createLead(tenant: TestTenant, lead: Record<string, unknown>) {
  const created = await call(tenant, 'POST', '/api/crm/leads', lead)
  assert.equal(created.status, 201, JSON.stringify(created.body))
  return created.body.data
}

/** A value as JSON.parse makes it: `__proto__` keys become own properties, as in a request body. */
const parsed = (json: string) => JSON.parse(json) as Record<string, unknown>

/** Stores metadata as it may already be in the database: a top-level `__proto__` key the API's validation strips from requests. */
const storeMetadata = (tenant: TestTenant, leadId: string, metadata: string) =>
  tenantDb(env.server, tenant)
    .updateTable('leads')
    .set({ metadata: sql`${metadata}::jsonb` })
    .where('id', '=', leadId)
    .execute()

const conditionFields = [
  ...PROTOTYPE_NAMES.flatMap((name) => [`event.variables.${name}`, `event.data.${name}`, `metadata.extra.${name}`, `lead.metadata.refs.${name}`]),
  'event.variables.visit.constructor',
  'event.data.visit.__proto__',
]

test('a condition on a prototype name finds nothing where the data has no such key, through the dry run and a real trigger', async () => {
  const lead = await createLead(env.rules, { firstName: 'Empty', phone: '+919300000001', metadata: { refs: {}, extra: {} } })
  const rules = []
  for (const field of conditionFields) {
    const present = await createRule(env.server, env.rules, { name: `${field} exists`, trigger: 'proto_exists', condition: { field, operator: 'exists' }, actions: [{ type: 'add_tag', config: { tag: 'matched' } }] })
    const absent = await createRule(env.server, env.rules, { name: `${field} absent`, trigger: 'proto_absent', condition: { field, operator: 'exists', value: false }, actions: [{ type: 'add_tag', config: { tag: 'absent' } }] })
    rules.push({ field, present, absent })
  }
  for (const { field, present, absent } of rules) {
    const dryRun = await call(env.rules, 'POST', `/api/crm/automations/${present.id}/test`, { leadId: lead.id, variables: { visit: {} }, data: { visit: {} } })
    assert.equal(dryRun.status, 200, JSON.stringify(dryRun.body))
    assert.deepEqual(dryRun.body.data.condition, { field, operator: 'exists', value: null, actual: null, passed: false }, field)
    assert.equal((await call(env.rules, 'POST', `/api/crm/automations/${absent.id}/test`, { leadId: lead.id })).body.data.conditionPassed, true, field)
  }
  const fired = await trigger(env.server, env.rules, { trigger: 'proto_exists', phone: '+919300000001', variables: { visit: {} } })
  assert.equal(fired.status, 200, JSON.stringify(fired.body))
  assert.equal(fired.body.data.rulesMatched, 0)
  const firedAbsent = await trigger(env.server, env.rules, { trigger: 'proto_absent', phone: '+919300000001' })
  assert.equal(firedAbsent.body.data.rulesMatched, conditionFields.length)
})

test('a key the data really has is a field, whatever its name: a condition compares its value', async () => {
  const realKeys = parsed('{"constructor":"Acme","__proto__":"Acme","toString":"Acme","hasOwnProperty":"Acme","valueOf":"Acme"}')
  const lead = await createLead(env.rules, { firstName: 'Owner', phone: '+919300000002' })
  // Requests may not carry a `__proto__` key (see the next test), so metadata holding one is written as stored data.
  await storeMetadata(env.rules, lead.id, JSON.stringify({ refs: realKeys, extra: realKeys }))
  const { __proto__: _refused, ...sendable } = realKeys
  const variables = { ...sendable, visit: { constructor: 'Acme' } }
  const fields = conditionFields.filter((field) => !/^event\..*__proto__$/.test(field))
  for (const field of fields) {
    const rule = await createRule(env.server, env.rules, { name: `${field} is Acme`, trigger: 'proto_equals', condition: { field, operator: 'eq', value: 'acme' }, actions: [{ type: 'add_tag', config: { tag: 'acme' } }] })
    const dryRun = await call(env.rules, 'POST', `/api/crm/automations/${rule.id}/test`, { leadId: lead.id, variables, data: variables })
    assert.equal(dryRun.status, 200, JSON.stringify(dryRun.body))
    assert.deepEqual(dryRun.body.data.condition, { field, operator: 'eq', value: 'acme', actual: 'Acme', passed: true }, field)
  }
  const fired = await trigger(env.server, env.rules, { trigger: 'proto_equals', phone: '+919300000002', variables, data: variables })
  assert.equal(fired.status, 200, JSON.stringify(fired.body))
  assert.equal(fired.body.data.rulesMatched, fields.length)
})

test('a scoring rule on a prototype name gives no points to a lead without that key, and its points to a lead that has it', async () => {
  const rules = PROTOTYPE_NAMES.map((name) => ({ field: `metadata.extra.${name}`, operator: 'exists', score: 10 }))
  const saved = await call(env.scoring, 'PATCH', '/api/crm/scoring', { rules })
  assert.equal(saved.status, 200, JSON.stringify(saved.body))
  const plain = await createLead(env.scoring, { firstName: 'Plain', phone: '+919300000011', metadata: { extra: { plan: 'gold' } } })
  assert.equal(plain.score, 0, 'no prototype name is a key of this lead')
  const owner = await createLead(env.scoring, { firstName: 'Owner', phone: '+919300000012', metadata: { extra: { constructor: 'Acme' } } })
  assert.equal(owner.score, 10, 'a real constructor key is a field')
  await storeMetadata(env.scoring, plain.id, '{"refs":{},"extra":{"__proto__":{"plan":"gold"}}}')
  const recalculated = await call(env.scoring, 'POST', `/api/crm/scoring/${plain.id}/recalculate`)
  assert.equal(recalculated.status, 200, JSON.stringify(recalculated.body))
  assert.equal(recalculated.body.data.score, 10, 'a stored __proto__ key is a field too')
})

test('templates reach only documented lead fields and real keys: prototype names and raw columns render empty and are listed missing', async () => {
  await insertWhatsappTemplate(env.server, env.messages, {
    name: 'proto_check',
    language: 'en_US',
    status: 'APPROVED',
    mappings: JSON.stringify([
      { variableIndex: 1, source: 'lead', field: 'firstName' },
      { variableIndex: 2, source: 'lead', field: 'constructor' },
      { variableIndex: 3, source: 'event', field: 'toString' },
      { variableIndex: 4, source: 'lead', field: '__proto__' },
      { variableIndex: 5, source: 'metadata', field: 'constructor' },
    ]),
  })
  await createRule(env.server, env.messages, {
    name: 'Proto messages',
    trigger: 'proto_message',
    actions: [
      { type: 'send_whatsapp', config: { templateName: 'proto_check', language: 'en_US' } },
      {
        type: 'send_email',
        config: {
          to: 'patient@example.com',
          subject: '[{{lead.constructor}}][{{constructor}}][{{lead.__proto__}}][{{toString}}][{{metadata.extra.constructor}}][{{lead.first_name}}] {{firstName}}',
          htmlBody: '<p>{{__proto__}}{{hasOwnProperty}}{{lead.toString}}{{metadata.constructor}}{{tags.length}} {{lead.metadata.extra.plan}}</p>',
        },
      },
    ],
  })
  await createLead(env.messages, { firstName: 'Meera', phone: '+919300000021', metadata: { extra: { plan: 'gold' } } })
  const fired = await trigger(env.server, env.messages, { trigger: 'proto_message', phone: '+919300000021' })
  assert.equal(fired.status, 200, JSON.stringify(fired.body))
  const event = await finishedEvent(env.server, env.messages, fired.body.data.eventLogId)
  const [whatsapp, email] = event.runs
  // The template skips a send with an empty variable (its default): the prototype name read as empty, not as a function.
  assert.equal(whatsapp!.status, 'skipped', JSON.stringify(whatsapp))
  assert.equal(whatsapp!.reason, 'WhatsApp template proto_check: {{2}} (lead.constructor) is empty')
  assert.equal(sentParameters.length, 0, 'nothing sent to Graph')
  assert.equal(email!.status, 'ok', JSON.stringify(email))
  const mail = smtp.messages.at(-1)!
  assert.equal(mail.headers.subject, '[][][][][][] Meera')
  assert.match(mail.body, /<p> gold<\/p>/)
  assert.deepEqual(
    [...(email!.result as { missingVariables: string[] }).missingVariables].sort(),
    ['__proto__', 'constructor', 'hasOwnProperty', 'lead.__proto__', 'lead.constructor', 'lead.first_name', 'lead.toString', 'metadata.constructor', 'metadata.extra.constructor', 'tags.length', 'toString'],
  )
})

test('a __proto__ key anywhere in a request body is refused with 400 naming it', async () => {
  for (const [path, body] of [
    ['body.variables.__proto__', parsed('{"trigger":"proto_refused","variables":{"__proto__":{"admin":true}}}')],
    ['body.data.visit.__proto__', parsed('{"trigger":"proto_refused","data":{"visit":{"__proto__":"x"}}}')],
    ['body.__proto__', parsed('{"trigger":"proto_refused","__proto__":{"admin":true}}')],
  ] as const) {
    expectRefused(await call(env.rules, 'POST', '/api/saas/workflows/trigger', body), 400, 'VALIDATION_ERROR', { fields: [path] })
  }
  const created = await call(env.rules, 'POST', '/api/crm/leads', parsed('{"phone":"+919300000030","metadata":{"extra":{"settings":{"__proto__":{"admin":true}}}}}'))
  expectRefused(created, 400, 'VALIDATION_ERROR', { fields: ['body.metadata.extra.settings.__proto__'] })
  const written = await tenantDb(env.server, env.rules).selectFrom('leads').select('id').where('phone', '=', '+919300000030').execute()
  assert.equal(written.length, 0, 'nothing written')
})

test('a __proto__ key already stored in metadata is returned as data, kept by a merge, and changes no prototype', async () => {
  const lead = await createLead(env.rules, { firstName: 'Nested', phone: '+919300000031', metadata: { extra: parsed('{"constructor":{"prototype":{"admin":true}}}') } })
  assert.equal(JSON.stringify(lead.metadata.extra), '{"constructor":{"prototype":{"admin":true}}}')
  await storeMetadata(env.rules, lead.id, '{"refs":{"__proto__":"r-1"},"extra":{"__proto__":{"admin":true},"plan":"gold","settings":{"__proto__":{"admin":false}}}}')
  const patched = await call(env.rules, 'PATCH', `/api/crm/leads/${lead.id}/metadata`, { refs: { bookingId: 'b-1' }, extra: { plan: null } })
  assert.equal(patched.status, 200, JSON.stringify(patched.body))
  for (const metadata of [patched.body.data.metadata, (await call(env.rules, 'GET', `/api/crm/leads/${lead.id}`)).body.data.metadata]) {
    assert.deepEqual(Object.keys(metadata.refs).sort(), ['__proto__', 'bookingId'])
    assert.equal(JSON.stringify(metadata.extra.__proto__), '{"admin":true}')
    assert.equal(JSON.stringify(metadata.extra.settings), '{"__proto__":{"admin":false}}')
    assert.deepEqual(Object.keys(metadata.extra).sort(), ['__proto__', 'settings'])
  }
  const probe: Record<string, unknown> = {}
  assert.equal(probe.admin, undefined, 'no object of the server process gained a property')
})

test('the path reader follows own enumerable keys of plain objects and arrays only', () => {
  const key = fc.oneof(fc.constantFrom(...PROTOTYPE_NAMES, 'length', '0', '1', 'a'), fc.string({ maxLength: 3 }))
  const json = fc.letrec((tie) => ({
    value: fc.oneof({ depthSize: 'small' }, fc.jsonValue({ maxDepth: 0 }), fc.array(tie('value'), { maxLength: 3 }), fc.dictionary(key, tie('value'), { maxKeys: 4 })),
  })).value
  // The reference reads entries, which list exactly the own enumerable keys.
  const reference = (root: unknown, path: string[]): unknown =>
    path.reduce<unknown>((node, segment) => (node !== null && typeof node === 'object' ? Object.entries(node).find(([name]) => name === segment)?.[1] : undefined), root)
  fc.assert(
    fc.property(json, fc.array(key, { minLength: 1, maxLength: 4 }), (value, path) => {
      const data = JSON.parse(JSON.stringify(value)) as unknown
      assert.deepEqual(ownPathValue(data, path), reference(data, path))
      if (!path.some((segment) => segment.includes('.'))) assert.deepEqual(ownPathValue(data, path.join('.')), reference(data, path))
    }),
    { seed: 11, numRuns: 500 },
  )
  assert.equal(ownPathValue({ when: new Date(0) }, 'when.getTime'), undefined, 'only plain objects and arrays are walked')
  assert.equal(ownPathValue(parsed('{"__proto__":1}'), '__proto__'), 1)
})
