import { z } from 'zod'
import { defineJob } from '../../../platform/jobs/define-job'
import type { TenantContext } from '../../../platform/platform'
import { activeRulesFor } from '../automations/rules/active-rules'
import { noContactDays } from '../automations/rules/trigger-config-fit'
import { startEvent } from '../runs/start-event.service'
import { forEachTenant } from './for-each-tenant'
import { findQuietLeads } from './no-contact.repository'

const BATCH = 200

/** One `no_contact` event per lead that has been quiet for a rule's `days`, once per quiet period. */
async function detectNoContact(ctx: TenantContext): Promise<void> {
  const rules = await activeRulesFor(ctx, 'no_contact')
  const asOf = new Date()
  const quietLeads = (days: number) => findQuietLeads(ctx.tenant.db, days, BATCH, asOf)
  for (const days of new Set(rules.map((rule) => noContactDays(rule.triggerConfig)))) {
    for (let quiet = await quietLeads(days); quiet.length > 0; quiet = await quietLeads(days)) {
      for (const lead of quiet) {
        await startEvent({
          ctx,
          input: { trigger: 'no_contact', source: 'system', leadId: lead.id, data: { days, lastActivityAt: lead.lastActivityAt.toISOString() } },
        })
      }
    }
  }
}

export const detectNoContactJob = defineJob({
  name: 'system-triggers.detect-no-contact',
  every: '1 day',
  data: z.object({}),
  async run(platform) {
    await forEachTenant(platform, detectNoContactJob.name, detectNoContact)
  },
})
