import { conditionActual } from '../automations/rule-condition'
import type { LeadRow } from '../leads/lead-view'
import type { ActionEvent } from './action-executor'

const NO_EVENT = { variables: {}, data: {} }

/** A lead field by its API name: `firstName`, `score`, `metadata.extra.plan` (with or without `lead.`). */
export function leadValue(lead: LeadRow | null, field: string): unknown {
  if (!lead) return undefined
  return conditionActual(field.startsWith('lead.') ? field : `lead.${field}`, { lead, event: NO_EVENT })
}

/** An event field: from its `variables` first, then its `data` (dotted paths reach nested values). */
export function eventValue(event: ActionEvent, field: string): unknown {
  const scope = { lead: null, event }
  return conditionActual(`event.variables.${field}`, scope) ?? conditionActual(`event.data.${field}`, scope)
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
