import { ownValue } from '../../../../platform/data/own-path'
import type { LeadRow } from '../../../crm'
import type { TriggerConfig } from './rules.repository'
import { configKeyOfTrigger } from './trigger-config-keys'

type Fit = (config: TriggerConfig, trigger: string, data: Record<string, unknown>, lead: LeadRow | null) => boolean

const DEFAULT_NO_CONTACT_DAYS = 7

const scoreOf = (data: Record<string, unknown>, lead: LeadRow | null) => {
  const score = ownValue(data, 'score')
  return typeof score === 'number' ? score : lead?.score
}

// score_above fires at or above the threshold, score_below at or below it; an unknown score fits neither.
const scoreFits = (trigger: string, score: number | undefined, threshold: number) =>
  trigger === 'score_above' ? (score ?? -Infinity) >= threshold : (score ?? Infinity) <= threshold

/** How each `triggerConfig` key narrows the events a rule on one of its triggers answers. */
const fitOfConfigKey: Record<keyof TriggerConfig, Fit> = {
  stageId: (config, _trigger, data) => config.stageId === undefined || ownValue(data, 'stageId') === config.stageId,
  tag: (config, _trigger, data) => config.tag === undefined || ownValue(data, 'tag') === config.tag,
  scoreThreshold: (config, trigger, data, lead) =>
    config.scoreThreshold === undefined || scoreFits(trigger, scoreOf(data, lead), config.scoreThreshold),
  days: (config, _trigger, data) => noContactDays(config) === ownValue(data, 'days'),
}

export const noContactDays = (config: TriggerConfig): number => config.days ?? DEFAULT_NO_CONTACT_DAYS

export function triggerConfigFits(trigger: string, config: TriggerConfig, data: Record<string, unknown>, lead: LeadRow | null): boolean {
  const key = configKeyOfTrigger(trigger)
  return key === undefined || fitOfConfigKey[key](config, trigger, data, lead)
}
