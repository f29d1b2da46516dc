import { type LeadRow, leadFieldValue } from '../../crm'
import type { ActionEvent } from './action-executor'

/** What a field name can reach: the lead (if any) and what the event carried. */
export interface FieldScope {
  lead: LeadRow | null
  event: { variables: Record<string, unknown>; data: Record<string, unknown> }
}

const leadExtras: Record<string, (lead: LeadRow) => unknown> = {
  score: (lead) => lead.score,
  pipelineId: (lead) => lead.pipeline_id,
  stageId: (lead) => lead.stage_id,
}

function pathValue(bag: Record<string, unknown>, path: string): unknown {
  return path.split('.').reduce<unknown>((value, key) => (value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined), bag)
}

/**
 * The value `field` names, as rule conditions and templates write it: `lead.x` or a bare lead
 * field, `metadata.refs|extra.x`, `event.variables|data.x`.
 */
export function fieldValue(field: string, scope: FieldScope): unknown {
  const eventField = /^event\.(variables|data)\.(.+)$/.exec(field)
  if (eventField) return pathValue(scope.event[eventField[1] as 'variables' | 'data'], eventField[2]!)
  if (!scope.lead) return undefined
  const leadField = field.replace(/^lead\./, '')
  return leadExtras[leadField]?.(scope.lead) ?? leadFieldValue(scope.lead, leadField)
}

const NO_EVENT = { variables: {}, data: {} }

/** A lead field by its API name: `firstName`, `score`, `metadata.extra.plan` (with or without `lead.`). */
export function leadValue(lead: LeadRow | null, field: string): unknown {
  if (!lead) return undefined
  return fieldValue(field.startsWith('lead.') ? field : `lead.${field}`, { lead, event: NO_EVENT })
}

/** An event field: from its `variables` first, then its `data` (dotted paths reach nested values). */
export function eventValue(event: ActionEvent, field: string): unknown {
  const scope = { lead: null, event }
  return fieldValue(`event.variables.${field}`, scope) ?? fieldValue(`event.data.${field}`, scope)
}

/** A lead metadata value: `refs.x` / `extra.x` (optionally prefixed `metadata.`), or a bare key from refs, then extra. */
export function metadataValue(lead: LeadRow | null, field: string): unknown {
  const key = field.replace(/^metadata\./, '')
  if (/^(refs|extra)\./.test(key)) return leadValue(lead, `metadata.${key}`)
  return leadValue(lead, `metadata.refs.${key}`) ?? leadValue(lead, `metadata.extra.${key}`)
}

/** A value as text for a message, or undefined when there is nothing to show. */
export function asText(value: unknown): string | undefined {
  if (value === null || value === undefined) return undefined
  if (Array.isArray(value)) return value.length === 0 ? undefined : value.map((item) => asText(item) ?? '').join(', ')
  const text = typeof value === 'object' ? JSON.stringify(value) : String(value)
  return text.trim() === '' ? undefined : text
}
