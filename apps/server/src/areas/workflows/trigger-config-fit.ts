import type { TriggerConfig } from '../automations/automations.repository'
import type { LeadRow } from '../leads/lead-view'

type Fit = (config: TriggerConfig, data: Record<string, unknown>, lead: LeadRow | null) => boolean

const DEFAULT_NO_CONTACT_DAYS = 7

const scoreOf = (data: Record<string, unknown>, lead: LeadRow | null) => (typeof data.score === 'number' ? data.score : lead?.score)

const sameStage: Fit = (config, data) => config.stageId === undefined || data.stageId === config.stageId
const sameTag: Fit = (config, data) => config.tag === undefined || data.tag === config.tag

/** How each system trigger's `triggerConfig` narrows the events a rule answers (other triggers take none). */
const fits: Record<string, Fit> = {
  stage_enter: sameStage,
  stage_exit: sameStage,
  tag_added: sameTag,
  tag_removed: sameTag,
  score_above: (config, data, lead) => config.scoreThreshold === undefined || (scoreOf(data, lead) ?? -Infinity) >= config.scoreThreshold,
  score_below: (config, data, lead) => config.scoreThreshold === undefined || (scoreOf(data, lead) ?? Infinity) <= config.scoreThreshold,
  no_contact: (config, data) => noContactDays(config) === data.days,
}

export const noContactDays = (config: TriggerConfig): number => config.days ?? DEFAULT_NO_CONTACT_DAYS

export function triggerConfigFits(trigger: string, config: TriggerConfig, data: Record<string, unknown>, lead: LeadRow | null): boolean {
  return fits[trigger]?.(config, data, lead) ?? true
}
