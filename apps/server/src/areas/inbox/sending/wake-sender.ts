import type { JobKind } from '../../../platform/jobs/define-job'
import type { TenantContext } from '../../../platform/platform'
import { senderJob } from './sender-job'

/**
 * Makes sure one of the tenant's jobs of this kind (data `{clientCode}`) is waiting, due by `at`. A
 * waiting one will see the new work; a running one might have looked already, so it does not count.
 * Never fails the caller: a sweep wakes work whose wake-up was lost.
 */
export async function wakeTenantJob(ctx: TenantContext, job: JobKind, at: Date, what: string): Promise<void> {
  const { platform, tenant } = ctx
  try {
    if (!(await platform.jobs.isWaiting(job, tenant.clientCode, at))) {
      await platform.jobs.enqueue(job, { clientCode: tenant.clientCode }, { at })
    }
  } catch (error) {
    platform.logger.warn({ err: error, clientCode: tenant.clientCode }, `could not wake ${what}`)
  }
}

/** A sender job for the tenant, due by `at` (now: a message was just queued); the outbound sweep wakes a queue whose wake-up was lost. */
export const wakeSender = (ctx: TenantContext, at = new Date()): Promise<void> => wakeTenantJob(ctx, senderJob, at, 'the WhatsApp sender')
