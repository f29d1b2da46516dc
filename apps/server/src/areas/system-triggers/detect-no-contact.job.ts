import type { JobDefinition } from '../../platform/jobs/job-definition'
import type { TenantContext } from '../../platform/platform'
import { findActiveRulesForTrigger, toAutomationRule } from '../automations/automations.repository'
import { startEvent } from '../workflows/start-event.service'
import { noContactDays } from '../workflows/trigger-config-fit'
import { forEachTenant } from './for-each-tenant'
import { findQuietLeads } from './no-contact.repository'

export const DETECT_NO_CONTACT_JOB = 'system-triggers.detect-no-contact'
const BATCH = 200

/** One `no_contact` event per lead that has been quiet for a rule's `days`, once per quiet period. */
async function detectNoContact(ctx: TenantContext): Promise<void> {
  const rules = (await findActiveRulesForTrigger(ctx.tenant.db, 'no_contact')).map(toAutomationRule)
  for (const days of new Set(rules.map((rule) => noContactDays(rule.triggerConfig)))) {
    for (let quiet = await findQuietLeads(ctx.tenant.db, days, BATCH); quiet.length > 0; quiet = await findQuietLeads(ctx.tenant.db, days, BATCH)) {
      for (const lead of quiet) {
        await startEvent({
          ctx,
          input: { trigger: 'no_contact', source: 'system', leadId: lead.id, data: { days, lastActivityAt: lead.lastActivityAt.toISOString() } },
        })
      }
    }
  }
}

export const detectNoContactJob: JobDefinition = {
  name: DETECT_NO_CONTACT_JOB,
  every: '1 day',
  run: (platform) => forEachTenant(platform, DETECT_NO_CONTACT_JOB, detectNoContact),
}
