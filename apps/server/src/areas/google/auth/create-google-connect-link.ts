import { generateUrlToken, hashToken } from '../../../platform/crypto/tokens'
import { definePlatformOperation } from '../../../platform/http/operations'
import { requireClient } from '../../clients'
import { googleConnectUrl, requireGoogleConfigured } from '../google-oauth-client'
import { insertConnectLink } from './google-oauth-states.repository'

/** How long a connect link may wait to be opened. */
const LINK_TTL_MS = 10 * 60_000

/**
 * Issues the link an operator opens in a browser to connect the client's calendar (onboarding
 * step 4). Its token is random and kept only as a hash: the link works once, for this client.
 */
export const createGoogleConnectLinkOperation = definePlatformOperation('auth.createGoogleConnectLink', async ({ ctx, input }) => {
  const { config, db } = ctx.platform
  requireGoogleConfigured(config)
  const client = await requireClient(ctx, input.code)
  const token = generateUrlToken()
  const expiresAt = new Date(Date.now() + LINK_TTL_MS)
  await insertConnectLink(db, { tokenHash: hashToken(token), clientCode: client.code, expiresAt })
  return { url: googleConnectUrl(config, client.code, token), expiresAt: expiresAt.toISOString() }
})
