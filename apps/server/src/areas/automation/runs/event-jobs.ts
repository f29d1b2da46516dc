import { z } from 'zod'
import type { JobKind } from '../../../platform/jobs/define-job'

const eventData = z.object({ clientCode: z.string().min(1), eventLogId: z.string().min(1) })

/**
 * The run jobs, by name and data. Their work (`runEvent`, `runAction`) consumes the CRM events its
 * actions cause, which starts events, which enqueue these jobs; so enqueuers import only this, and
 * the engine binds the work where it registers its jobs (index.ts).
 */
export const runEventJob = { name: 'workflows.run-event', data: eventData } satisfies JobKind

export const runActionJob = { name: 'workflows.run-action', data: eventData.extend({ actionRunId: z.string().min(1) }) } satisfies JobKind
