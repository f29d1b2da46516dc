import type { TenantContext } from '../../../platform/platform'
import { senderJob } from './sender-job'

/**
 * Makes sure a sender job for the tenant is waiting, due by `at` (now: a message was just queued).
 * A waiting one will see the message; a running one might have looked already, so it does not
 * count. Never fails the caller: the sweep wakes a queue whose wake-up was lost.
 */
export async function wakeSender(ctx: TenantContext, at = new Date()): Promise<void> {
  const { platform, tenant } = ctx
  try {
    if (!(await platform.jobs.isWaiting(senderJob, tenant.clientCode, at))) {
      await platform.jobs.enqueue(senderJob, { clientCode: tenant.clientCode }, { at })
    }
  } catch (error) {
    platform.logger.warn({ err: error, clientCode: tenant.clientCode }, 'could not wake the WhatsApp sender')
  }
}
