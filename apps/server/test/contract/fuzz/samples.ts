import type { Schema } from './served-spec'

type Resolve = (schema: unknown) => any

const formats: Record<string, () => string> = {
  email: () => 'fuzz@example.com',
  uri: () => 'http://127.0.0.1:9/fuzz',
  'date-time': () => new Date().toISOString(),
  date: () => new Date().toISOString().slice(0, 10),
  uuid: () => '00000000-0000-4000-8000-000000000000',
}

/** A value the schema accepts, for the fields a request must have: its example, default, first choice or the smallest fit. */
export function sampleOf(resolve: Resolve, node: Schema | undefined, depth = 0): unknown {
  const schema = resolve(node) ?? {}
  if (depth > 8) return undefined
  if (schema.examples?.[0] !== undefined) return structuredClone(schema.examples[0])
  if (schema.example !== undefined) return structuredClone(schema.example)
  if (schema.const !== undefined) return schema.const
  if (schema.default !== undefined) return structuredClone(schema.default)
  if (schema.enum) return schema.enum[0]
  if (schema.allOf) return Object.assign({}, ...schema.allOf.map((part: Schema) => sampleOf(resolve, part, depth + 1)))
  if (schema.oneOf ?? schema.anyOf) return sampleOf(resolve, (schema.oneOf ?? schema.anyOf)[0], depth + 1)
  const type = Array.isArray(schema.type) ? schema.type.find((t: string) => t !== 'null') : schema.type
  if (type === 'object' || schema.properties) {
    const required: string[] = schema.required ?? []
    return Object.fromEntries(required.map((key) => [key, sampleOf(resolve, schema.properties?.[key], depth + 1)]))
  }
  if (type === 'array') return Array.from({ length: Math.max(1, schema.minItems ?? 0) }, () => sampleOf(resolve, schema.items, depth + 1))
  if (type === 'integer' || type === 'number') return schema.minimum ?? (schema.exclusiveMinimum ?? 0) + 1
  if (type === 'boolean') return true
  if (type === 'string') return formats[schema.format]?.() ?? 'x'.repeat(Math.max(1, schema.minLength ?? 0))
  return {}
}

const LOCAL_HOST = '127.0.0.1:9'
const isLocal = (url: URL) => url.host === LOCAL_HOST || (url.hostname === '' && !/host/i.test(url.search))

/**
 * The value with every string that parses as a URL with a host pointed at a closed loopback port
 * instead: callback URLs are resolved and datasource URIs connected to while the request is
 * answered, and this suite sends traffic only to this machine.
 */
export function keepLocal(value: unknown): unknown {
  if (typeof value === 'string') {
    if (!URL.canParse(value)) return value
    const url = new URL(value)
    return isLocal(url) ? value : `${url.protocol}//${LOCAL_HOST}${url.pathname === '/' ? '' : url.pathname}${url.search}`
  }
  if (Array.isArray(value)) return value.map(keepLocal)
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, keepLocal(item)]))
  return value
}
