import type { JobDefinition } from '../../platform/jobs/job-definition'
import { jobField, tenantContextFor } from '../workflows/job-tenant'
import { consumeCrmEvents } from './consume-crm-events'
import { CONSUME_CRM_EVENTS_JOB } from './wake-consumer'

/** Woken after a tenant's CRM change: turns its outbox events into system-trigger events. */
export const consumeCrmEventsJob: JobDefinition = {
  name: CONSUME_CRM_EVENTS_JOB,
  removeOnComplete: true,
  async run(platform, data) {
    const ctx = await tenantContextFor(platform, jobField(data, 'clientCode'))
    if (ctx) await consumeCrmEvents(ctx)
  },
}
