import { randomBytes } from 'node:crypto'
import { hashToken } from '../../../platform/crypto/tokens'
import { definePlatformOperation } from '../../../platform/http/operations'
import { requireClient } from '../../clients'
import { CALENDAR_EVENTS_SCOPE, googleOAuthClient } from '../google-oauth-client'
import { insertOAuthState } from './google-oauth-states.repository'

/** How long the operator has to finish the consent on Google's side. */
const STATE_TTL_MS = 10 * 60_000

/**
 * Sends the operator to Google's consent page for connecting the client's calendar. The `state` is
 * random and stored only as a hash with the client code, so the callback can trust it once and
 * nobody can make one up.
 */
export const startGoogleConsentOperation = definePlatformOperation('auth.googleConnect', async ({ ctx, input, c }) => {
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
  c.header('cache-control', 'no-store')
  return c.redirect(consentUrl, 302)
})
