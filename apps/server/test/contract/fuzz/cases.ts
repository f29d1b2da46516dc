import { randomUUID } from 'node:crypto'
import fc from 'fast-check'
import { keepLocal, sampleOf } from './samples'
import type { RawRequest } from './send'
import type { Schema, SpecOperation } from './served-spec'

/** Ids of real objects by the name a parameter or field gives them (`leadId`, `code`…): the caller's own, and another tenant's. */
export interface KnownIds {
  own: Record<string, string>
  foreign: Record<string, string>
}

export interface FuzzCase {
  label: string
  request: RawRequest
}

/** What a case changes in the operation's valid request. */
interface Parts {
  path?: Record<string, string>
  query?: [string, string][]
  body?: string | Buffer | undefined
  headers?: Record<string, string>
}
type Build = (parts: Parts) => RawRequest

interface Context {
  resolve: (schema: unknown) => any
  ids: KnownIds
  auth: Record<string, string>
  seed: number
}

/** Stands for a JSON value too large or deep to build as an object; swapped in as text. */
const RAW = '@@fuzz-raw@@'
const deepArray = (depth: number) => '['.repeat(depth) + ']'.repeat(depth)
const wideObject = (keys: number) => Object.fromEntries(Array.from({ length: keys }, (_, i) => [`k${i}`, i]))

/** What a hostile client puts in a field, beside values of the wrong type. */
const hostileValues: [string, unknown][] = [
  ['a NUL character', 'a\u0000b'],
  ['a lone surrogate', '\ud800x'],
  ['a 5,000-character string', 'x'.repeat(5_000)],
  ['JSON nested 5,000 deep', `${RAW}${deepArray(5_000)}`],
  ['an object of 1,500 keys', wideObject(1_500)],
  ['an array of 1,500 items', Array.from({ length: 1_500 }, (_, i) => i)],
  ['a prototype key', JSON.parse('{"__proto__":{"polluted":true},"constructor":{"prototype":{}}}')],
]

const wrongTypes: [string, unknown][] = [
  ['null', null],
  ['a number', 123],
  ['a string', 'x'],
  ['a boolean', true],
  ['an object', {}],
  ['an array', []],
]

/** Path segments and query values as they go on the wire: some malformed on purpose. */
const hostileSegments: [string, string][] = [
  ['an unknown uuid', randomUUID()],
  ['a malformed id', 'does-not-exist-123'],
  ['a 300-character id', 'x'.repeat(300)],
  ['a single character', '1'],
  ['an encoded NUL', '%00'],
  ['an encoded lone surrogate', '%ED%A0%80'],
  ['invalid percent-encoding', '%E0%A4%A'],
  ['an encoded slash', '..%2F..%2Fetc'],
  ['an encoded space and accent', '%20%C3%A9'],
]

const hostileQueryValues: [string, string][] = [
  ['an empty value', ''],
  ['a word', 'abc'],
  ['a negative number', '-1'],
  ['zero', '0'],
  ['a huge number', '99999999999999999999999'],
  ['a fraction', '1.5'],
  ['an encoded NUL', '%00'],
  ['an encoded lone surrogate', '%ED%A0%80'],
  ['invalid percent-encoding', '%G0'],
  ['a 3,000-character value', 'a'.repeat(3_000)],
  ['JSON', encodeURIComponent('{"$gt":""}')],
  ['a date far away', '99999-12-31T00:00:00Z'],
]

/** A lone surrogate's code unit as the three bytes a careless UTF-8 encoder writes (CESU-8). */
const surrogateBytes = (unit: number) => [0xe0 | (unit >> 12), 0x80 | ((unit >> 6) & 63), 0x80 | (unit & 63)]

/** Percent-encodes any string, lone surrogates included. */
const encodeAny = (text: string) =>
  [...text]
    .map((ch) =>
      ch.length === 1 && /[\ud800-\udfff]/.test(ch)
        ? surrogateBytes(ch.charCodeAt(0))
            .map((byte) => `%${byte.toString(16).toUpperCase()}`)
            .join('')
        : encodeURIComponent(ch),
    )
    .join('')

/** The id a field names, from its name: `moveLeadsToStageId` → the `stageId` ids. */
const idKind = (field: string, ids: KnownIds) =>
  Object.keys(ids.own).find((kind) => kind !== 'code' && field.toLowerCase().endsWith(kind.toLowerCase()))

function withOwnIds(body: unknown, ids: KnownIds): unknown {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return body
  return Object.fromEntries(
    Object.entries(body).map(([key, value]) => {
      const kind = idKind(key, ids)
      return [key, kind && typeof value === 'string' ? ids.own[kind] : value]
    }),
  )
}

const jsonText = (value: unknown) => JSON.stringify(value).replace(new RegExp(`"${RAW}([^"]*)"`, 'g'), '$1')

/** Every case of one operation: its valid request, then each part of it broken in turn. */
export function casesFor(op: SpecOperation, context: Context): FuzzCase[] {
  const { ids, resolve } = context
  const pathParams = op.parameters.filter((p) => p.in === 'path')
  const queryParams = op.parameters.filter((p) => p.in === 'query')
  const ownPath = Object.fromEntries(pathParams.map((p) => [p.name, encodeURIComponent(ids.own[p.name] ?? randomUUID())]))
  const baseQuery: [string, string][] = queryParams
    .filter((p) => p.required)
    .map((p) => [p.name, encodeAny(String(sampleOf(resolve, p.schema)))])
  const json = op.body?.content['application/json']
  const bodySchema = resolve(json?.schema)
  const baseBody = json ? withOwnIds(keepLocal(json.example ?? sampleOf(resolve, json.schema)), ids) : undefined

  const build: Build = (parts) => {
    const path = op.path.replace(/\{([^}]+)\}/g, (_, name: string) => (parts.path ?? ownPath)[name]!)
    const query = (parts.query ?? baseQuery).map(([name, value]) => `${encodeURIComponent(name)}=${value}`).join('&')
    const body = 'body' in parts ? parts.body : baseBody === undefined ? undefined : jsonText(baseBody)
    const headers = { ...context.auth, ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...parts.headers }
    return { method: op.method, target: query ? `${path}?${query}` : path, headers, body }
  }
  const cases: FuzzCase[] = [{ label: 'the valid request', request: build({}) }]
  const add = (label: string, parts: Parts) => cases.push({ label, request: build(parts) })

  for (const param of pathParams) {
    const foreign = ids.foreign[param.name]
    if (foreign) add(`path ${param.name}: another tenant's`, { path: { ...ownPath, [param.name]: encodeURIComponent(foreign) } })
    for (const [label, segment] of hostileSegments) add(`path ${param.name}: ${label}`, { path: { ...ownPath, [param.name]: segment } })
  }

  const random = fc.sample(fc.string({ unit: 'binary', maxLength: 40 }), { seed: context.seed, numRuns: 2 * queryParams.length })
  queryParams.forEach((param, i) => {
    const others = baseQuery.filter(([name]) => name !== param.name)
    for (const [label, value] of hostileQueryValues) add(`query ${param.name}: ${label}`, { query: [...others, [param.name, value]] })
    add(`query ${param.name}: given twice`, { query: [...others, [param.name, 'a'], [param.name, 'b']] })
    for (const value of random.slice(2 * i, 2 * i + 2)) add(`query ${param.name}: random ${JSON.stringify(value)}`, { query: [...others, [param.name, encodeAny(value)]] })
  })
  add('an unknown query parameter with a NUL', { query: [...baseQuery, ['fuzzExtra', '%00']] })

  if (op.method === 'POST' && op.auth !== 'public') add('an Idempotency-Key of 300 characters', { headers: { 'idempotency-key': 'k'.repeat(300) } })
  if (op.body) cases.push(...bodyCases(op, context, { baseBody, bodySchema, build }))
  else if (op.method !== 'GET') {
    // A body sent where none is declared still meets the body limit and the JSON parser.
    add('an unexpected body over 1 MiB', { body: JSON.stringify({ filler: 'x'.repeat(1_100_000) }) })
    add('an unexpected malformed JSON body', { body: '{"a":' })
  }
  return cases
}

function bodyCases(
  op: SpecOperation,
  context: Context,
  { baseBody, bodySchema, build }: { baseBody: unknown; bodySchema: Schema | undefined; build: Build },
): FuzzCase[] {
  const { ids, resolve } = context
  const cases: FuzzCase[] = []
  const add = (label: string, parts: Parts) => cases.push({ label, request: build(parts) })
  const text = jsonText(baseBody ?? {})
  const base = baseBody && typeof baseBody === 'object' && !Array.isArray(baseBody) ? (baseBody as Record<string, unknown>) : {}

  for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/xml', 'application/jsonx']) {
    add(`the body as ${type}`, { body: text, headers: { 'content-type': type } })
  }
  cases.push({ label: 'the body without a content type', request: { ...build({ body: text }), headers: { ...context.auth } } })
  const rawBodies: [string, string | Buffer][] = [
    ['malformed JSON', '{"a":'],
    ['an empty body', ''],
    ['JSON null', 'null'],
    ['a JSON array', '[]'],
    ['a JSON string', '"x"'],
    ['a JSON number', '42'],
    ['two JSON values', `${text}{}`],
    ['a byte-order mark', `\ufeff${text}`],
    ['invalid UTF-8', Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d])],
    ['an array nested 20,000 deep', deepArray(20_000)],
    ['an object of 5,000 unknown keys', JSON.stringify(wideObject(5_000))],
    ['a body over 1 MiB', JSON.stringify({ filler: 'x'.repeat(1_100_000) })],
    ['a prototype key at the top', jsonText({ ...JSON.parse('{"__proto__":{"polluted":true}}'), ...base })],
  ]
  for (const [label, body] of rawBodies) add(label, { body })

  const properties: Record<string, Schema> = bodySchema?.properties ?? {}
  add('an unknown field', { body: jsonText({ ...base, fuzzExtra: 1 }) })
  const firstString = Object.keys(properties).find((name) => resolve(properties[name])?.type === 'string') ?? 'fuzzExtra'
  add(`body.${firstString}: a 250,000-character string`, { body: jsonText({ ...base, [firstString]: 'x'.repeat(250_000) }) })
  for (const [name, propertySchema] of Object.entries(properties)) {
    const schema = resolve(propertySchema) ?? {}
    const set = (value: unknown) => jsonText({ ...base, [name]: value })
    if (name in base) {
      const { [name]: _, ...without } = base
      add(`body.${name} left out`, { body: jsonText(without) })
    }
    const ownType = Array.isArray(schema.type) ? schema.type : [schema.type]
    for (const [label, value] of wrongTypes) {
      const type = value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value === 'object' ? 'object' : typeof value
      if (!ownType.includes(type) && !(type === 'number' && ownType.includes('integer'))) add(`body.${name}: ${label}`, { body: set(value) })
    }
    for (const [label, value] of hostileValues) add(`body.${name}: ${label}`, { body: set(value) })
    const kind = idKind(name, ids)
    if (kind && ids.foreign[kind]) add(`body.${name}: another tenant's ${kind}`, { body: set(ids.foreign[kind]) })
    if (kind) add(`body.${name}: a malformed ${kind}`, { body: set('does-not-exist-123') })
  }

  // Property-based: random values (any JSON, any code unit) at random places of the valid body.
  const places = fc.oneof(fc.constantFrom(...Object.keys(properties), 'fuzzExtra'), fc.constant('metadata.extra.x'))
  const values = fc.oneof(fc.jsonValue({ maxDepth: 4 }), fc.string({ unit: 'binary' }), fc.double(), fc.bigInt().map(String))
  for (const [place, value] of fc.sample(fc.tuple(places, values), { seed: context.seed + op.operationId.length, numRuns: 8 })) {
    const body = structuredClone(base) as Record<string, any>
    const keys = place.split('.')
    let at = body
    for (const key of keys.slice(0, -1)) at = at[key] = at[key] && typeof at[key] === 'object' ? at[key] : {}
    at[keys.at(-1)!] = keepLocal(value)
    add(`random body.${place} = ${JSON.stringify(value)?.slice(0, 80)}`, { body: jsonText(body) })
  }
  return cases
}
