import type { z } from '@hono/zod-openapi'
import type { TriggerRequestSchema } from '../../../generated/routes'
import type { EventSource } from '../../../platform/database/tenant-tables'
import type { TenantContext } from '../../../platform/platform'
import { normalizePhone } from '../../crm'
import { createMeetLink } from '../../google'
import { assertCallbackUrlAllowed } from '../callbacks/callback-url'
import { startEvent } from '../runs/start-event.service'
import { resolveTriggerLead } from './resolve-trigger-lead'

export type TriggerInput = z.infer<typeof TriggerRequestSchema>

const MISSING_MEET_CONFIG = 'requiresMeet needs meetConfig (at least startTime); no Meet link was created'

async function meetLinkFor(ctx: TenantContext, input: TriggerInput) {
  if (!input.requiresMeet) return { meetLink: null, meetWarning: null }
  if (!input.meetConfig) return { meetLink: null, meetWarning: MISSING_MEET_CONFIG }
  const { title, startTime, durationMinutes, attendeeEmail } = input.meetConfig
  return createMeetLink({ ctx, input: { title, startTime, durationMinutes: durationMinutes ?? 30, attendeeEmail } })
}

/**
 * A client's trigger: refuses a bad phone or a forbidden callback URL before writing anything,
 * finds (or creates) the lead, creates the Meet link when asked, then starts the event.
 */
export async function triggerWorkflow({ ctx, input, source = 'api' }: { ctx: TenantContext; input: TriggerInput; source?: EventSource }) {
  const phone = input.phone === undefined ? null : normalizePhone(input.phone)
  if (input.callbackUrl) await assertCallbackUrlAllowed({ platform: ctx.platform, url: input.callbackUrl })
  const lead = await resolveTriggerLead(ctx, input, phone)
  const meet = await meetLinkFor(ctx, input)
  const { createLeadIfMissing, leadData, meetConfig, requiresMeet } = input
  const started = await startEvent({
    ctx,
    input: {
      trigger: input.trigger,
      source,
      leadId: lead?.id ?? null,
      lead: lead ?? undefined,
      phone,
      email: input.email ?? null,
      variables: input.variables,
      data: input.data,
      extra: { requiresMeet, meetConfig, createLeadIfMissing, leadData },
      ...meet,
      callbackUrl: input.callbackUrl,
      callbackMetadata: input.callbackMetadata,
      delayMinutes: input.delayMinutes,
    },
  })
  return { ...started, trigger: input.trigger, ...meet }
}
