import { AppError } from '../../../platform/http/errors'
import { defineTenantOperation } from '../../../platform/http/operations'
import { findLead } from '../../crm'
import type { ActionEvent } from '../actions/action-executor'
import { previewAction } from '../actions/preview-action'
import { requireRule } from './rule-lookup'
import { matchRule } from './rules/rule-match'
import { toAutomationRule } from './rules/rules.repository'

/** What the rule would do for the lead if its trigger fired now with these variables and data. Writes nothing. */
export const dryRunRuleOperation = defineTenantOperation('automations.test', async ({ ctx, input }) => {
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
  const match = matchRule(rule, { trigger: rule.trigger, variables: event.variables, data: event.data, lead })
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
    conditionPassed: match.condition.passed,
    condition: match.condition.detail,
    // A triggerConfig the tested data (or lead) does not fit stops the rule as a failed condition would.
    wouldRun: rule.isActive && match.matched,
    actions,
  }
})
