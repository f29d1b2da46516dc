import type { Module } from '../../platform/module'
import { completeGoogleConsentOperation } from './auth/complete-google-consent'
import { startGoogleConsentOperation } from './auth/start-google-consent'

/** Google: the OAuth consent that connects a tenant's calendar, and Meet links made with it. */
export const googleModule: Module = {
  name: 'google',
  operations: [startGoogleConsentOperation, completeGoogleConsentOperation],
}

export { createMeetLink } from './create-meet-link.service'
export { googleOAuthClient } from './google-oauth-client'
