import type { Migration } from 'kysely'
import * as tenants from './control/0001-tenants'
import * as requestGuards from './control/0002-request-guards'
import * as googleOAuthStates from './control/0003-google-oauth-states'
import * as unloggedRateLimits from './control/0004-unlogged-rate-limits'
import * as automationRules from './tenant/0001-automation-rules'
import * as crm from './tenant/0002-crm'
import * as leadSearch from './tenant/0003-lead-search'
import * as stageStays from './tenant/0004-stage-stays'
import * as automationEngine from './tenant/0005-automation-engine'
import * as eventsAwaitingRun from './tenant/0006-events-awaiting-run'
import * as crmRollups from './tenant/0007-crm-rollups'
import * as runForeignKeys from './tenant/0008-run-foreign-keys'

/** Append only: a released migration is never edited or reordered. */
export const controlMigrations: Record<string, Migration> = {
  '0001-tenants': tenants,
  '0002-request-guards': requestGuards,
  '0003-google-oauth-states': googleOAuthStates,
  '0004-unlogged-rate-limits': unloggedRateLimits,
}

export const tenantMigrations: Record<string, Migration> = {
  '0001-automation-rules': automationRules,
  '0002-crm': crm,
  '0003-lead-search': leadSearch,
  '0004-stage-stays': stageStays,
  '0005-automation-engine': automationEngine,
  '0006-events-awaiting-run': eventsAwaitingRun,
  '0007-crm-rollups': crmRollups,
  '0008-run-foreign-keys': runForeignKeys,
}
