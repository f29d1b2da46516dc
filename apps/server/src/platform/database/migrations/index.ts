import type { Migration } from 'kysely'
import * as tenants from './control/0001-tenants'
import * as requestGuards from './control/0002-request-guards'
import * as googleOAuthStates from './control/0003-google-oauth-states'
import * as unloggedRateLimits from './control/0004-unlogged-rate-limits'
import * as googleConnectLinks from './control/0005-google-connect-links'
import * as tenantDefaultCountry from './control/0006-tenant-default-country'
import * as allowanceRefusal from './control/0007-allowance-refusal'
import * as whatsappWebhooks from './control/0008-whatsapp-webhooks'
import * as realtimeFrames from './control/0009-realtime-frames'
import * as automationRules from './tenant/0001-automation-rules'
import * as crm from './tenant/0002-crm'
import * as leadSearch from './tenant/0003-lead-search'
import * as stageStays from './tenant/0004-stage-stays'
import * as automationEngine from './tenant/0005-automation-engine'
import * as eventsAwaitingRun from './tenant/0006-events-awaiting-run'
import * as crmRollups from './tenant/0007-crm-rollups'
import * as runForeignKeys from './tenant/0008-run-foreign-keys'
import * as phoneE164 from './tenant/0009-phone-e164'
import * as whatsappInbox from './tenant/0010-whatsapp-inbox'
import * as messageMedia from './tenant/0011-message-media'
import * as outboundQueue from './tenant/0012-outbound-queue'
import * as conversationList from './tenant/0013-conversation-list'
import * as templateEmptyVariable from './tenant/0014-template-empty-variable'
import * as broadcasts from './tenant/0015-broadcasts'
import * as autoReplies from './tenant/0016-auto-replies'
import * as earlyMessageStatuses from './tenant/0017-early-message-statuses'

/** Append only: a released migration is never edited or reordered. */
export const controlMigrations: Record<string, Migration> = {
  '0001-tenants': tenants,
  '0002-request-guards': requestGuards,
  '0003-google-oauth-states': googleOAuthStates,
  '0004-unlogged-rate-limits': unloggedRateLimits,
  '0005-google-connect-links': googleConnectLinks,
  '0006-tenant-default-country': tenantDefaultCountry,
  '0007-allowance-refusal': allowanceRefusal,
  '0008-whatsapp-webhooks': whatsappWebhooks,
  '0009-realtime-frames': realtimeFrames,
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
  '0009-phone-e164': phoneE164,
  '0010-whatsapp-inbox': whatsappInbox,
  '0011-message-media': messageMedia,
  '0012-outbound-queue': outboundQueue,
  '0013-conversation-list': conversationList,
  '0014-template-empty-variable': templateEmptyVariable,
  '0015-broadcasts': broadcasts,
  '0016-auto-replies': autoReplies,
  '0017-early-message-statuses': earlyMessageStatuses,
}
