import { randomBytes } from 'node:crypto'
import { hashToken } from '../../platform/crypto/tokens'
import type { PlatformContext } from '../../platform/platform'
import { requireClient } from '../clients/get-client.service'
import { CALENDAR_EVENTS_SCOPE, googleOAuthClient } from './google-oauth-client'
import { insertOAuthState } from './google-oauth-states.repository'

/** How long the operator has to finish the consent on Google's side. */
const STATE_TTL_MS = 10 * 60_000

/**
 * Google's consent URL for connecting the client's calendar. The `state` is random and stored
 * only as a hash with the client code, so the callback can trust it once and nobody can make one up.
 */
export async function startGoogleConsent({ ctx, input }: { ctx: PlatformContext; input: { clientCode: string } }) {
  const { config, db, fetch } = ctx.platform
  const oauth = googleOAuthClient(config, fetch)
  await requireClient(ctx, input.clientCode)
  const state = randomBytes(32).toString('base64url')
  await insertOAuthState(db, {
    stateHash: hashToken(state),
    clientCode: input.clientCode,
    expiresAt: new Date(Date.now() + STATE_TTL_MS),
  })
  const consentUrl = oauth.generateAuthUrl({
    access_type: 'offline',
    // Google issues a refresh token only on a fresh consent; a reconnect must get a new one too.
    prompt: 'consent',
    scope: [CALENDAR_EVENTS_SCOPE],
    state,
  })
  return { consentUrl }
}
