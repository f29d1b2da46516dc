import { hashToken } from '../../../platform/crypto/tokens'
import { AppError } from '../../../platform/http/errors'
import { definePlatformOperation } from '../../../platform/http/operations'
import { requireClient, saveSealedSecrets, secretContext } from '../../clients'
import { describeGoogleFailure } from '../google-error'
import { CALENDAR_EVENTS_SCOPE, connectLinkHint, GOOGLE_REFRESH_TOKEN, googleOAuthClient } from '../google-oauth-client'
import { googleConnectedPage } from './google-connected-page'
import { takeOAuthState } from './google-oauth-states.repository'

const EXCHANGE_TIMEOUT_MS = 10_000

interface GrantedTokens {
  refresh_token?: string | null | undefined
  scope?: string | undefined
}

/**
 * Finishes a consent started by `auth.googleConnect` (from a connect link): the state is used up first (whatever
 * happens next, it cannot be replayed), then the code is exchanged and the refresh token stored
 * encrypted as the client's `googleRefreshToken`. A browser gets a page, a JSON client the envelope.
 */
export const completeGoogleConsentOperation = definePlatformOperation('auth.googleCallback', async ({ ctx, input, c }) => {
  const { config, db, fetch, secretBox } = ctx.platform
  const oauth = googleOAuthClient(config, fetch, EXCHANGE_TIMEOUT_MS)
  const pending = await takeOAuthState(db, hashToken(input.state))
  if (!pending || pending.expires_at <= new Date()) {
    throw new AppError('OAUTH_STATE_INVALID', `The OAuth state is unknown, expired or already used; start again ${connectLinkHint()}`)
  }
  const client = await requireClient(ctx, pending.client_code)
  const again = `start again ${connectLinkHint(client.code)}`
  if (!input.code) throw new AppError('GOOGLE_OAUTH_FAILED', `Google did not grant access (${input.error ?? 'no code'}); ${again}`)

  const tokens = await exchangeCode(oauth, input.code, again)
  if (!tokens.refresh_token) {
    throw new AppError(
      'GOOGLE_OAUTH_FAILED',
      `Google issued no refresh token; remove this app's access in the Google account's security settings, then ${again}`,
    )
  }
  // Without a `scope` in the answer, OAuth says the requested one was granted.
  const scopes = tokens.scope ? tokens.scope.split(' ').filter(Boolean) : [CALENDAR_EVENTS_SCOPE]
  if (!scopes.includes(CALENDAR_EVENTS_SCOPE)) {
    throw new AppError('GOOGLE_OAUTH_FAILED', `Access to Google Calendar events was not granted; ${again} and allow it`)
  }

  const sealed = secretBox.encrypt(tokens.refresh_token, secretContext(client.code, GOOGLE_REFRESH_TOKEN))
  await saveSealedSecrets(ctx, client.code, [{ name: GOOGLE_REFRESH_TOKEN, ciphertext: sealed }])
  // The URL held an authorization code: keep it out of caches and of the Referer of any next page.
  c.header('cache-control', 'no-store')
  c.header('referrer-policy', 'no-referrer')
  if (c.req.header('accept')?.includes('application/json')) return { clientCode: client.code, name: client.name, scopes }
  return c.html(googleConnectedPage(client.name), 200)
})

async function exchangeCode(oauth: ReturnType<typeof googleOAuthClient>, code: string, again: string): Promise<GrantedTokens> {
  try {
    return (await oauth.getToken(code)).tokens
  } catch (error) {
    const failure = describeGoogleFailure(error)
    if (failure.unavailable) throw new AppError('GOOGLE_UNAVAILABLE', `${failure.reason}; ${again}`)
    throw new AppError('GOOGLE_OAUTH_FAILED', `Google refused the authorization code: ${failure.reason}; ${again}`)
  }
}
