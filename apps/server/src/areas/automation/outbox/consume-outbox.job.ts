import { z } from 'zod'
import { defineJob } from '../../../platform/jobs/define-job'
import { tenantContextFor } from '../../clients'
import { consumeOutbox } from '../runs/consume-outbox'

/** Woken after a tenant's CRM change: turns its outbox events into system-trigger events. */
export const consumeOutboxJob = defineJob({
  name: 'system-triggers.consume-crm-events',
  data: z.object({ clientCode: z.string().min(1) }),
  removeOnComplete: true,
  async run(platform, { clientCode }) {
    const ctx = await tenantContextFor(platform, clientCode)
    if (ctx) await consumeOutbox(ctx)
  },
})
