import type { z } from '@hono/zod-openapi'
import type { TemplateMapping } from '../../../platform/database/tenant-tables'
import type { TenantContext } from '../../../platform/platform'
import { ConversationSchema, LeadSchema, PipelineSchema, StageSchema } from '../../../generated/routes'
import { leadFieldNames, metadataKeys } from '../../crm'

export type CollectionName = TemplateMapping['source']
type FieldType = 'string' | 'number' | 'boolean' | 'date' | 'array' | 'object' | 'any'

export interface CollectionField {
  key: string
  type: FieldType
}

interface Collection {
  name: CollectionName
  description: string
  /** Any key may be mapped: the tenant's own keys (the event's, the lead's metadata). */
  openFields: boolean
  fields(ctx: TenantContext): Promise<CollectionField[]> | CollectionField[]
}

type ZodDef = { type: string; format?: string; innerType?: z.ZodType }

/** A field's type as the API's schema declares it (nullable and optional unwrapped). */
function fieldType(schema: z.ZodType): FieldType {
  const def = schema._zod.def as ZodDef
  if (def.innerType) return fieldType(def.innerType)
  if (def.type === 'string') return def.format === 'datetime' ? 'date' : 'string'
  if (def.type === 'enum') return 'string'
  if (def.type === 'number' || def.type === 'boolean' || def.type === 'array' || def.type === 'object') return def.type
  return 'any'
}

/** The fields of an API schema, with their types; `only` keeps those a mapping can reach, in its order. */
function schemaFields(schema: z.ZodObject, only?: readonly string[]): CollectionField[] {
  const shape = schema.shape as Record<string, z.ZodType>
  return (only ?? Object.keys(shape)).flatMap((key) => (shape[key] ? [{ key, type: fieldType(shape[key]) }] : []))
}

const COLLECTIONS: Collection[] = [
  {
    name: 'lead',
    description: "The event's CRM lead: its documented fields (metadata is its own collection).",
    openFields: false,
    fields: () => schemaFields(LeadSchema, leadFieldNames.filter((name) => name !== 'metadata')),
  },
  {
    name: 'pipeline',
    description: "The lead's pipeline.",
    openFields: false,
    fields: () => schemaFields(PipelineSchema).filter((field) => field.key !== 'stages'),
  },
  { name: 'stage', description: "The lead's stage.", openFields: false, fields: () => schemaFields(StageSchema) },
  {
    name: 'event',
    description: "The trigger's event: a bare key reads its `variables`, then its `data`; `variables.x` and `data.x` name one.",
    openFields: true,
    fields: () => [
      { key: 'variables', type: 'object' },
      { key: 'data', type: 'object' },
    ],
  },
  {
    name: 'conversation',
    description: "The WhatsApp conversation with the recipient's phone.",
    openFields: false,
    fields: () => schemaFields(ConversationSchema),
  },
  {
    name: 'metadata',
    description: "The lead's `metadata`: `refs.x`, `extra.x`, or a bare key (read in `refs`, then `extra`).",
    openFields: true,
    fields: async (ctx) => {
      const keys = await metadataKeys(ctx.tenant.db)
      return [...keys.refs.map((key) => `refs.${key}`), ...keys.extra.map((key) => `extra.${key}`)].map((key) => ({ key, type: 'any' }))
    },
  },
]

export const templateCollections = COLLECTIONS.map(({ name, description, openFields }) => ({ name, description, openFields }))

export const findCollection = (name: string) => COLLECTIONS.find((collection) => collection.name === name)

/**
 * Whether a mapping's field exists in its source: an open collection takes any key; a closed one
 * its schema's fields, and paths inside those that are objects.
 */
export async function fieldExists(ctx: TenantContext, source: CollectionName, field: string): Promise<boolean> {
  const collection = findCollection(source)!
  if (collection.openFields) return true
  const [head, ...rest] = field.split('.')
  const listed = (await collection.fields(ctx)).find((candidate) => candidate.key === head)
  return listed !== undefined && (rest.length === 0 || listed.type === 'object')
}
