import { z } from 'zod'
import type { JobKind } from '../../../platform/jobs/define-job'

/** A slice of the tenant's broadcasts being handed to the outbound queue (its work is bound in feed-broadcasts.job.ts). */
export const feederJob = {
  name: 'inbox.feed-broadcasts',
  data: z.object({ clientCode: z.string().min(1) }),
} satisfies JobKind
