import { z } from 'zod'
import { defineJob } from '../../../platform/jobs/define-job'
import type { TenantContext } from '../../../platform/platform'
import { publishRealtime } from '../../../platform/realtime/publish'
import { tenantContextFor } from '../../clients'
import { toMessageView } from '../messages/message-view'
import { advanceOutboundStatuses, type MessageRow } from '../messages/messages.repository'

/** What the sandbox reports after `sent`, a second apart, as Meta's statuses would. */
const STEP_MS = 1_000
const NEXT = { delivered: 'read', read: undefined } as const

const sandboxStatusJob = {
  name: 'inbox.sandbox-statuses',
  data: z.object({ clientCode: z.string().min(1), wamids: z.array(z.string().min(1)).min(1), status: z.enum(['delivered', 'read']) }),
}

/** Sends of this long share one status job, so a fast sandbox queue does not cost two jobs a message. */
const WINDOW_MS = 250

export interface SandboxReporter {
  /** Messages a sandbox send just stored. */
  sent(rows: MessageRow[]): void
  /** Queues what is left to report (the sender's slice is ending). */
  close(): Promise<void>
}

/** After sandbox (`mock_` token) sends: `delivered`, then `read`, each about a second after the previous step. */
export function createSandboxReporter(ctx: TenantContext): SandboxReporter {
  let wamids: string[] = []
  let timer: NodeJS.Timeout | undefined
  let queued = Promise.resolve()
  const flush = () => {
    clearTimeout(timer)
    timer = undefined
    const batch = wamids
    wamids = []
    if (batch.length === 0) return queued
    queued = queued
      .then(() => ctx.platform.jobs.enqueue(sandboxStatusJob, { clientCode: ctx.tenant.clientCode, wamids: batch, status: 'delivered' }, { at: new Date(Date.now() + STEP_MS) }))
      .then(
        () => undefined,
        (error: unknown) => ctx.platform.logger.warn({ err: error, clientCode: ctx.tenant.clientCode }, 'could not queue sandbox statuses'),
      )
    return queued
  }
  return {
    sent(rows) {
      wamids.push(...rows.flatMap((row) => (row.status === 'sent' && row.wamid ? [row.wamid] : [])))
      if (wamids.length > 0) timer ??= setTimeout(() => void flush(), WINDOW_MS)
    },
    close: flush,
  }
}

export const sandboxStatusesJob = defineJob({
  ...sandboxStatusJob,
  removeOnComplete: true,
  async run(platform, { clientCode, wamids, status }) {
    const ctx = await tenantContextFor(platform, clientCode)
    if (!ctx) return
    // By the rule Meta's own statuses are applied with (forward only), for the whole batch at once.
    const advanced = await advanceOutboundStatuses(ctx.tenant.db, wamids, status, new Date())
    for (const row of advanced) await publishRealtime(platform, clientCode, { type: 'message:status', data: toMessageView(row) })
    const next = NEXT[status]
    if (next) await platform.jobs.enqueue(sandboxStatusJob, { clientCode, wamids, status: next }, { at: new Date(Date.now() + STEP_MS) })
  },
})
