import type { Transaction } from 'kysely'
import type { TenantTables } from '../../../platform/database/tenant-tables'
import { appendOutboxEvents, type OutboxEvent } from '../../../platform/outbox/outbox.repository'
import { type LeadRow, setLeadScore } from '../lead-records/leads.repository'
import { evaluateCondition } from './evaluate-condition'
import type { ScoringConfig, ScoringRule } from './scoring-config'
import { readScoringConfig } from './scoring.repository'

const coreFields: Record<string, (lead: LeadRow) => unknown> = {
  firstName: (lead) => lead.first_name,
  lastName: (lead) => lead.last_name,
  phone: (lead) => lead.phone,
  email: (lead) => lead.email,
  source: (lead) => lead.source,
  status: (lead) => lead.status,
  assignedTo: (lead) => lead.assigned_to,
  tags: (lead) => lead.tags,
  dealValue: (lead) => (lead.deal_value === null ? null : Number(lead.deal_value)),
  dealTitle: (lead) => lead.deal_title,
}

/** The value a rule's `field` names on a lead: a core field or `metadata.extra.x` / `metadata.refs.x`. */
export function leadFieldValue(lead: LeadRow, field: string): unknown {
  const core = coreFields[field]
  if (core) return core(lead)
  const [, part, key] = /^metadata\.(extra|refs)\.(.+)$/.exec(field) ?? []
  if (!part || !key) return undefined
  const bag = (part === 'extra' ? lead.metadata.extra : lead.metadata.refs) as Record<string, unknown> | undefined
  return bag?.[key]
}

export function scoreOf(lead: LeadRow, rules: ScoringRule[]): { score: number; matchedRules: ScoringRule[] } {
  const matchedRules = rules.filter((rule) => evaluateCondition(leadFieldValue(lead, rule.field), rule.operator, rule.value))
  const total = matchedRules.reduce((sum, rule) => sum + rule.score, 0)
  return { score: Math.max(0, Math.min(100, total)), matchedRules }
}

/** The outbox events of a score change: crossing the hot threshold upwards (score_above) or the cold one downwards (score_below). */
export function scoreCrossings(
  leadId: string,
  previousScore: number,
  score: number,
  { hotThreshold, coldThreshold }: Pick<ScoringConfig, 'hotThreshold' | 'coldThreshold'>,
): OutboxEvent[] {
  const crossed: OutboxEvent[] = []
  if (previousScore < hotThreshold && score >= hotThreshold) {
    crossed.push({ type: 'score_above', leadId, payload: { score, previousScore, threshold: hotThreshold } })
  }
  if (previousScore > coldThreshold && score <= coldThreshold) {
    crossed.push({ type: 'score_below', leadId, payload: { score, previousScore, threshold: coldThreshold } })
  }
  return crossed
}

/**
 * Recomputes a lead's score inside the caller's transaction and records crossing the hot
 * threshold upwards (score_above) or the cold threshold downwards (score_below).
 */
export async function rescoreLead(trx: Transaction<TenantTables>, lead: LeadRow, config?: ScoringConfig) {
  const { hotThreshold, coldThreshold, rules } = config ?? (await readScoringConfig(trx))
  const { score, matchedRules } = scoreOf(lead, rules)
  const previousScore = lead.score
  if (score !== previousScore) {
    await setLeadScore(trx, lead.id, score)
    await appendOutboxEvents(trx, scoreCrossings(lead.id, previousScore, score, { hotThreshold, coldThreshold }))
  }
  return { leadId: lead.id, score, previousScore, matchedRules }
}
