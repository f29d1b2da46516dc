import { createHmac, hkdfSync } from 'node:crypto'
import { safeEqual } from '../../../platform/crypto/tokens'
import type { TenantCredential } from '../../../platform/http/middleware/authenticate'
import type { Platform } from '../../../platform/platform'
import { tenantContextFor } from '../../clients'

/** `<clientCode>.<expiry in epoch ms>.<signature>`: URL-safe, readable, and useless once altered. */
const tokenShape = /^([a-z0-9_]{1,40})\.(\d{1,15})\.([\w-]{43})$/

/** The signing key, derived from the master key, so every node signs alike and nothing is stored. */
const signingKey = (platform: Pick<Platform, 'config'>) =>
  Buffer.from(hkdfSync('sha256', platform.config.masterKey, Buffer.alloc(0), 'ecodrix realtime token', 32))

const signatureOf = (platform: Pick<Platform, 'config'>, claims: string) =>
  createHmac('sha256', signingKey(platform)).update(claims).digest('base64url')

/** A token that opens the tenant's real-time socket until `expiresAt` (`ECODRIX_REALTIME_TOKEN_TTL_SECONDS`). */
export function issueRealtimeToken(platform: Pick<Platform, 'config'>, clientCode: string): { token: string; expiresAt: Date } {
  const expiresAt = new Date(Date.now() + platform.config.realtime.tokenTtlMs)
  const claims = `${clientCode}.${expiresAt.getTime()}`
  return { token: `${claims}.${signatureOf(platform, claims)}`, expiresAt }
}

/** The client code a token names while it can still connect; undefined for a forged, altered or expired one. */
export function clientCodeOfToken(platform: Pick<Platform, 'config'>, token: string): string | undefined {
  const match = tokenShape.exec(token)
  if (!match) return undefined
  const [, clientCode, expiresAt, signature] = match
  if (!safeEqual(signature!, signatureOf(platform, `${clientCode}.${expiresAt}`))) return undefined
  return Number(expiresAt) > Date.now() ? clientCode : undefined
}

/** `?token=` in place of the API key headers (the spec's `RealtimeToken` scheme); the tenant must still be active. */
export const realtimeTokenCredential: TenantCredential = {
  scheme: 'RealtimeToken',
  async authenticate(c) {
    const token = c.req.query('token')
    if (token === undefined) return undefined
    const clientCode = clientCodeOfToken(c.var.platform, token)
    const context = clientCode === undefined ? undefined : await tenantContextFor(c.var.platform, clientCode)
    return context?.tenant ?? null
  },
}
