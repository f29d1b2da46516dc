import type { TenantContext } from '../../../platform/platform'
import { consumeOutboxJob } from './consume-outbox.job'

/**
 * After a CRM change commits (the engine subscribes this to the platform outbox): makes sure a
 * consumer job for the tenant is waiting. A waiting (not yet started) consumer will see the
 * committed events, so a second one is not queued; a running one might have looked already, so it
 * does not count. Never fails the change: the sweep job picks up whatever a lost wake-up leaves.
 */
export async function wakeOutboxConsumer(ctx: TenantContext): Promise<void> {
  const { platform, tenant } = ctx
  try {
    if (!(await platform.jobs.isWaiting(consumeOutboxJob, tenant.clientCode))) {
      await platform.jobs.enqueue(consumeOutboxJob, { clientCode: tenant.clientCode })
    }
  } catch (error) {
    platform.logger.warn({ err: error, clientCode: tenant.clientCode }, 'could not wake the CRM event consumer')
  }
}
