import { generateUrlToken, hashToken } from '../../../platform/crypto/tokens'
import { AppError } from '../../../platform/http/errors'
import { definePlatformOperation } from '../../../platform/http/operations'
import { CALENDAR_EVENTS_SCOPE, connectLinkHint, googleOAuthClient } from '../google-oauth-client'
import { exchangeConnectLink } from './google-oauth-states.repository'

/** How long the operator has to finish the consent on Google's side. */
const STATE_TTL_MS = 10 * 60_000

/**
 * Opening a connect link (`auth.createGoogleConnectLink`) sends the operator to Google's consent
 * page for the client's calendar. The link is used up as it is opened: its row becomes the
 * consent's `state`, random and stored only as a hash with the client code, so the callback can
 * trust it once and nobody can make one up.
 */
export const startGoogleConsentOperation = definePlatformOperation('auth.googleConnect', async ({ ctx, input, c }) => {
  const { config, db, fetch } = ctx.platform
  const oauth = googleOAuthClient(config, fetch)
  const state = generateUrlToken()
  const exchanged = await exchangeConnectLink(db, {
    linkHash: hashToken(input.token),
    clientCode: input.clientCode,
    stateHash: hashToken(state),
    expiresAt: new Date(Date.now() + STATE_TTL_MS),
  })
  if (!exchanged) {
    throw new AppError('UNAUTHORIZED', `This connect link is unknown, expired or already used; start again ${connectLinkHint(input.clientCode)}`)
  }
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
