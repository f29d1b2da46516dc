import { defineJob } from '../../platform/jobs/define-job'
import type { Module } from '../../platform/module'
import { createRuleOperation } from './automations/create-rule'
import { deleteRuleOperation } from './automations/delete-rule'
import { dryRunRuleOperation } from './automations/dry-run-rule'
import { fireEventDeprecatedOperation } from './automations/fire-event-deprecated'
import { getRuleOperation } from './automations/get-rule'
import { listRulesOperation } from './automations/list-rules'
import { toggleRuleOperation } from './automations/toggle-rule'
import { updateRuleOperation } from './automations/update-rule'
import { deliverCallbackJob } from './callbacks/deliver-callback.job'
import { listCallbackLogsOperation } from './callbacks/list-callback-logs'
import { resendCallbackOperation } from './callbacks/resend-callback'
import { getEventLogOperation } from './events/get-event-log'
import { getEventStatsOperation } from './events/get-event-stats'
import { listEventLogsOperation } from './events/list-event-logs'
import { getJobStatusOperation } from './jobs/get-job-status'
import { consumeOutboxJob } from './outbox/consume-outbox.job'
import { detectNoContactJob } from './outbox/detect-no-contact.job'
import { sweepSystemTriggersJob } from './outbox/sweep-system-triggers.job'
import { wakeOutboxConsumer } from './outbox/wake-consumer'
import { runActionJob, runEventJob } from './runs/event-jobs'
import { runAction } from './runs/run-action'
import { runEvent, runEventBatch } from './runs/run-event'
import { triggerWorkflowOperation } from './workflows/trigger-workflow'

/**
 * The automation engine: triggers (`workflows/`), rules (`automations/`), runs of their actions
 * (`runs/`, `actions/`), the outbox consumer and other system triggers (`outbox/`), callbacks, and
 * their trace (`events/`, `jobs/`). Other areas reach it through this file only.
 */
export const automationModule: Module = {
  name: 'automation',
  operations: [
    triggerWorkflowOperation,
    listRulesOperation,
    createRuleOperation,
    getRuleOperation,
    updateRuleOperation,
    deleteRuleOperation,
    toggleRuleOperation,
    dryRunRuleOperation,
    fireEventDeprecatedOperation,
    listEventLogsOperation,
    getEventLogOperation,
    getEventStatsOperation,
    listCallbackLogsOperation,
    resendCallbackOperation,
    getJobStatusOperation,
  ],
  jobs: [
    defineJob({ ...runEventJob, run: runEvent, batch: runEventBatch, batchClaimed: true }),
    defineJob({ ...runActionJob, run: runAction, batchClaimed: true }),
    deliverCallbackJob,
    consumeOutboxJob,
    sweepSystemTriggersJob,
    detectNoContactJob,
  ],
  async start(platform) {
    platform.outbox.subscribe(wakeOutboxConsumer)
  },
}

export { countActiveRules } from './automations/rules/active-rules'
export { startEvent } from './runs/start-event.service'
