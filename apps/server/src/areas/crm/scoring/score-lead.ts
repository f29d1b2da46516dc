import type { Transaction } from 'kysely'
import type { TenantTables } from '../../../platform/database/tenant-tables'
import { appendOutboxEvents, type OutboxEvent } from '../../../platform/outbox/outbox.repository'
import { leadFieldValue } from '../lead-records/lead-fields'
import { type LeadRow, setLeadScore } from '../lead-records/leads.repository'
import { evaluateCondition } from './evaluate-condition'
import type { ScoringConfig, ScoringRule } from './scoring-config'
import { readScoringConfig } from './scoring.repository'

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
