import type { TriggerConfig } from './rules.repository'

type ConfigKey = keyof TriggerConfig

/** The triggers each `triggerConfig` key narrows; any other trigger takes none of them. */
export const triggersOfConfigKey: Record<ConfigKey, string[]> = {
  scoreThreshold: ['score_above', 'score_below'],
  stageId: ['stage_enter', 'stage_exit'],
  tag: ['tag_added', 'tag_removed'],
  days: ['no_contact'],
}

const configKeyByTrigger = new Map(
  (Object.entries(triggersOfConfigKey) as [ConfigKey, string[]][]).flatMap(([key, triggers]) => triggers.map((trigger) => [trigger, key] as const)),
)

/** The one `triggerConfig` key that narrows `trigger`, or undefined when the trigger takes none. */
export const configKeyOfTrigger = (trigger: string): ConfigKey | undefined => configKeyByTrigger.get(trigger)
