import type { Kysely, Transaction } from 'kysely'
import type { TenantTables } from '../../../platform/database/tenant-tables'
import { AppError, type ErrorDetail } from '../../../platform/http/errors'
import { findStage } from '../../crm'
import type { RuleFields, TriggerConfig } from './rules/rules.repository'
import { triggersOfConfigKey } from './rules/trigger-config-keys'

type RuleShape = Pick<RuleFields, 'trigger' | 'triggerConfig' | 'actions'>

function configKeyProblems(rule: RuleShape, configSent: boolean): ErrorDetail[] {
  return (Object.keys(rule.triggerConfig) as (keyof TriggerConfig)[]).flatMap((key) => {
    const triggers = triggersOfConfigKey[key]
    if (triggers.includes(rule.trigger)) return []
    // A config kept from before no longer fits the trigger the request changed.
    const path = configSent ? `body.triggerConfig.${key}` : 'body.trigger'
    return [{ path, message: `triggerConfig.${key} applies only to ${triggers.join(' and ')}, not to ${rule.trigger}` }]
  })
}

async function unknownStageProblems(db: Kysely<TenantTables> | Transaction<TenantTables>, rule: RuleShape, sent: { triggerConfig: boolean; actions: boolean }) {
  const references = [
    ...(sent.triggerConfig && rule.triggerConfig.stageId ? [{ path: 'body.triggerConfig.stageId', stageId: rule.triggerConfig.stageId }] : []),
    ...(sent.actions
      ? rule.actions.flatMap((action, index) =>
          action.type === 'move_stage' ? [{ path: `body.actions.${index}.config.stageId`, stageId: action.config.stageId }] : [],
        )
      : []),
  ]
  const found = await Promise.all(references.map((reference) => findStage(db, reference.stageId)))
  return references
    .filter((_, index) => !found[index])
    .map((reference) => ({ path: reference.path, message: `No stage ${reference.stageId} in this tenant` }))
}

/**
 * What the schema cannot check: `triggerConfig` keys of other triggers and stages the tenant does
 * not have. `sent` names the parts the request gave; stages are checked in those only.
 */
export async function assertRuleFits(
  db: Kysely<TenantTables> | Transaction<TenantTables>,
  rule: RuleShape,
  sent: { triggerConfig: boolean; actions: boolean },
): Promise<void> {
  const problems = [...configKeyProblems(rule, sent.triggerConfig), ...(await unknownStageProblems(db, rule, sent))]
  if (problems.length === 0) return
  const summary = problems.map((problem) => `${problem.path}: ${problem.message}`).join('; ')
  throw new AppError('VALIDATION_ERROR', `Invalid request: ${summary}`, problems)
}
