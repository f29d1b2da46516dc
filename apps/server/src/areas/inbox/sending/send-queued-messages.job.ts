import { defineJob } from '../../../platform/jobs/define-job'
import { tenantContextFor } from '../../clients'
import { sendQueuedMessages } from './send-queued-messages'
import { senderJob } from './sender-job'

/** Woken when a message is queued (and by itself while the queue has more): sends a slice of the tenant's queue. */
export const sendQueuedMessagesJob = defineJob({
  ...senderJob,
  removeOnComplete: true,
  async run(platform, { clientCode }) {
    const ctx = await tenantContextFor(platform, clientCode)
    if (ctx) await sendQueuedMessages(ctx)
  },
})
