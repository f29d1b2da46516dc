import type { z } from '@hono/zod-openapi'
import type { TriggerRequestSchema } from '../../../generated/routes'
import type { EventSource } from '../../../platform/database/tenant-tables'
import type { TenantContext } from '../../../platform/platform'
import { normalizePhone } from '../../crm'
import { createMeetLink } from '../../google'
import { assertCallbackUrlAllowed } from '../callbacks/callback-url'
import { startTriggerEvent } from './start-trigger-event'

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
 * creates the Meet link when asked (before any write: a Google failure leaves nothing behind),
 * then writes the event for its lead, found or created with it (see startTriggerEvent).
 */
export async function triggerWorkflow({ ctx, input, source = 'api' }: { ctx: TenantContext; input: TriggerInput; source?: EventSource }) {
  const phone = input.phone === undefined ? null : normalizePhone(input.phone, ctx.tenant.defaultCountry)
  if (input.callbackUrl) await assertCallbackUrlAllowed({ platform: ctx.platform, url: input.callbackUrl })
  const meet = await meetLinkFor(ctx, input)
  const { createLeadIfMissing, leadData, meetConfig, requiresMeet } = input
  const started = await startTriggerEvent(ctx, input, phone, (lead) => ({
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
    // The trigger route and the deprecated events route draw on this one allowance per tenant.
    allowance: { clientCode: ctx.tenant.clientCode, bucket: 'trigger', limit: ctx.platform.config.triggerRateLimit },
  }))
  return { ...started, trigger: input.trigger, ...meet }
}
