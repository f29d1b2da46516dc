import { ownPathValue } from '../../../platform/data/own-path'
import type { LeadRow } from './leads.repository'

/**
 * The lead fields rules, scoring and templates can name, by their API name: the core fields of
 * `GET /api/crm/fields`, the condition's `pipelineId`/`stageId`, and `metadata.refs|extra`. Nothing
 * else of the row (its column names, its prototype) is reachable.
 */
const leadFields = new Map<string, (lead: LeadRow) => unknown>([
  ['firstName', (lead) => lead.first_name],
  ['lastName', (lead) => lead.last_name],
  ['phone', (lead) => lead.phone],
  ['email', (lead) => lead.email],
  ['source', (lead) => lead.source],
  ['status', (lead) => lead.status],
  ['assignedTo', (lead) => lead.assigned_to],
  ['tags', (lead) => lead.tags],
  ['score', (lead) => lead.score],
  ['dealValue', (lead) => (lead.deal_value === null ? null : Number(lead.deal_value))],
  ['dealTitle', (lead) => lead.deal_title],
  ['pipelineId', (lead) => lead.pipeline_id],
  ['stageId', (lead) => lead.stage_id],
  ['createdAt', (lead) => lead.created_at.toISOString()],
  ['lastContactedAt', (lead) => lead.last_contacted_at?.toISOString() ?? null],
  ['metadata', (lead) => ({ refs: lead.metadata.refs ?? {}, extra: lead.metadata.extra ?? {} })],
])

/** The API names of the fields above, in the order `GET /api/crm/fields` lists them. */
export const leadFieldNames: readonly string[] = [...leadFields.keys()]

/** The value a dotted `field` names on a lead (`firstName`, `metadata.extra.plan`), reading own keys only. */
export function leadFieldValue(lead: LeadRow, field: string): unknown {
  const [name = '', ...path] = field.split('.')
  const read = leadFields.get(name)
  return read ? ownPathValue(read(lead), path) : undefined
}
