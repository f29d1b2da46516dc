import type { TenantContext } from '../../../platform/platform'
import { wakeTenantJob } from '../sending/wake-sender'
import { feederJob } from './feeder-job'

/** A feeder job for the tenant, due by `at` (a broadcast's start); the broadcast sweep wakes one whose wake-up was lost. */
export const wakeFeeder = (ctx: TenantContext, at = new Date()): Promise<void> => wakeTenantJob(ctx, feederJob, at, 'the broadcast feeder')
