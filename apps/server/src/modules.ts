import { automationModule } from './areas/automation'
import { clientsModule } from './areas/clients'
import { corsModule } from './areas/cors'
import { crmModule } from './areas/crm'
import { googleModule } from './areas/google'
import { healthModule } from './areas/health'
import { inboxModule } from './areas/inbox'
import { metaModule } from './areas/meta'
import { platformJobsModule } from './platform/jobs/platform-jobs.module'
import type { Module } from './platform/module'

/**
 * Every module the server runs: their operations are served, their jobs run, their start-up hooks
 * run in this order (clients first: it migrates the tenants' schemas).
 */
export const modules: Module[] = [
  platformJobsModule,
  clientsModule,
  corsModule,
  metaModule,
  healthModule,
  crmModule,
  automationModule,
  inboxModule,
  googleModule,
]
