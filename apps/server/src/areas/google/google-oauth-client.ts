import { auth } from 'googleapis/build/src/apis/calendar/index.js'
import type { Config } from '../../config/config-schema'
import { AppError } from '../../platform/http/errors'
import type { SecretName } from '../clients'

// The Calendar module alone: the `googleapis` index loads all ~300 APIs (≈1 s and ≈100 MB at start-up).

export const CALENDAR_EVENTS_SCOPE = 'https://www.googleapis.com/auth/calendar.events'

/** The tenant secret holding the refresh token the OAuth callback stored. */
export const GOOGLE_REFRESH_TOKEN: SecretName = 'googleRefreshToken'

/** How an operator (re)connects a client's calendar, for messages: the admin API issues the link to open. */
export const connectLinkHint = (clientCode = '{code}') => `with a link from POST /api/clients/${clientCode}/google/connect-link (admin API)`

/** The link `auth.createGoogleConnectLink` hands out; opened in a browser, it starts the consent. */
export const googleConnectUrl = (config: Config, clientCode: string, token: string) =>
  `${config.publicUrl}/api/auth/google/connect?clientCode=${encodeURIComponent(clientCode)}&token=${token}`

/** Refuses (422 GOOGLE_NOT_CONFIGURED) when this server has no Google OAuth client. */
export function requireGoogleConfigured(config: Config): NonNullable<Config['google']> {
  if (!config.google) {
    throw new AppError('GOOGLE_NOT_CONFIGURED', 'Google OAuth is not configured on this server (set GOOGLE_CLIENT_ID and GOOGLE_CLIENT_SECRET)')
  }
  return config.google
}

/** Every fetch made through it fails once `signal` fires, so one deadline bounds a token refresh and the call after it. */
function fetchUntil(fetcher: typeof fetch, signal: AbortSignal): typeof fetch {
  return (input, init) => fetcher(input, { ...init, signal: init?.signal ? AbortSignal.any([init.signal, signal]) : signal })
}

/**
 * This server's Google OAuth client. Its HTTP goes through `fetcher` (the platform's, so tests
 * simulate Google at the network edge); with `timeoutMs`, all of it must be done within that time.
 */
export function googleOAuthClient(config: Config, fetcher: typeof fetch, timeoutMs?: number) {
  const { clientId, clientSecret } = requireGoogleConfigured(config)
  const fetchImplementation = timeoutMs === undefined ? fetcher : fetchUntil(fetcher, AbortSignal.timeout(timeoutMs))
  return new auth.OAuth2({
    clientId,
    clientSecret,
    redirectUri: `${config.publicUrl}/api/auth/google/callback`,
    transporterOptions: { fetchImplementation },
  })
}
