import { z } from 'zod'
import type { JobKind } from '../../../platform/jobs/define-job'

/** A slice of the tenant's outbound queue being sent (its work is bound in send-queued-messages.job.ts). */
export const senderJob = {
  name: 'inbox.send-queued-messages',
  data: z.object({ clientCode: z.string().min(1) }),
} satisfies JobKind
