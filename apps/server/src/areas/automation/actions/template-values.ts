import { ownPathValue } from '../../../platform/data/own-path'
import { type LeadRow, leadFieldValue } from '../../crm'
import type { ActionEvent } from './action-executor'

/** What a field name can reach: the lead (if any) and what the event carried. */
export interface FieldScope {
  lead: LeadRow | null
  event: { variables: Record<string, unknown>; data: Record<string, unknown> }
}

/**
 * The value `field` names, as rule conditions and templates write it: `lead.x` or a bare lead
 * field, `metadata.refs|extra.x`, `event.variables|data.x`. Only the documented lead fields and
 * keys the event's data really has are reached (never a prototype's `constructor`).
 */
export function fieldValue(field: string, scope: FieldScope): unknown {
  const eventField = /^event\.(variables|data)\.(.+)$/.exec(field)
  if (eventField) return ownPathValue(eventField[1] === 'variables' ? scope.event.variables : scope.event.data, eventField[2]!)
  return leadValue(scope.lead, field)
}

/** A lead field by its API name: `firstName`, `score`, `metadata.extra.plan` (with or without `lead.`). */
export function leadValue(lead: LeadRow | null, field: string): unknown {
  return lead ? leadFieldValue(lead, field.replace(/^lead\./, '')) : undefined
}

/** An event field: from its `variables` first, then its `data` (dotted paths reach nested values). */
export function eventValue(event: ActionEvent, field: string): unknown {
  return ownPathValue(event.variables, field) ?? ownPathValue(event.data, field)
}
