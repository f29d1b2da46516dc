import type { z } from '@hono/zod-openapi'
import type { AutomationTestRequestSchema } from '../../generated/routes'
import { AppError } from '../../platform/http/errors'
import type { TenantContext } from '../../platform/platform'
import type { ActionEvent } from '../actions/action-executor'
import { previewAction } from '../actions/preview-action'
import { findLead } from '../leads/leads.repository'
import { toAutomationRule } from './automations.repository'
import { checkRuleCondition } from './rule-condition'
import { requireRule } from './rule-lookup'

export type DryRunRuleInput = { ruleId: string } & z.infer<typeof AutomationTestRequestSchema>

/** What the rule would do for the lead if its trigger fired now with these variables and data. Writes nothing. */
export async function dryRunRule({ ctx, input }: { ctx: TenantContext; input: DryRunRuleInput }) {
  const { db } = ctx.tenant
  const rule = toAutomationRule(await requireRule(db, input.ruleId))
  const lead = await findLead(db, input.leadId)
  if (!lead) throw new AppError('LEAD_NOT_FOUND', `No lead ${input.leadId}`)
  const event: ActionEvent = {
    eventLogId: '', // a dry run has no event log
    trigger: rule.trigger,
    depth: 0,
    phone: lead.phone,
    email: lead.email,
    variables: input.variables ?? {},
    data: input.data ?? {},
  }
  const verdict = checkRuleCondition(rule.condition, { lead, event })
  const actions = await Promise.all(
    rule.actions.map(async (action, position) => {
      const { resolved, problem } = await previewAction({ ctx, action, lead, event })
      return { position, type: action.type, delayMinutes: action.delayMinutes ?? 0, resolved, ...(problem === undefined ? {} : { problem }) }
    }),
  )
  return {
    ruleId: rule.id,
    leadId: lead.id,
    isActive: rule.isActive,
    conditionPassed: verdict.passed,
    condition: verdict.detail,
    wouldRun: rule.isActive && verdict.passed,
    actions,
  }
}
