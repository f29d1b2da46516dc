import type { Module } from '../../platform/module'
import { completeGoogleConsentOperation } from './auth/complete-google-consent'
import { createGoogleConnectLinkOperation } from './auth/create-google-connect-link'
import { startGoogleConsentOperation } from './auth/start-google-consent'

/** Google: the connect link and OAuth consent that connect a tenant's calendar, and Meet links made with it. */
export const googleModule: Module = {
  name: 'google',
  operations: [createGoogleConnectLinkOperation, startGoogleConsentOperation, completeGoogleConsentOperation],
}

export { createMeetLink } from './create-meet-link.service'
export { googleOAuthClient } from './google-oauth-client'
