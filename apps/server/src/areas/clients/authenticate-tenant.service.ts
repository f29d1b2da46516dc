import { hashToken, safeEqual } from '../../platform/crypto/tokens'
import type { PlatformContext, Tenant } from '../../platform/platform'
import { cachedClient } from './client-cache'
import type { ClientWithKeys } from './clients.repository'
import { tenantOf } from './tenant-location'

const clientCodeShape = /^[a-z][a-z0-9_]{2,39}$/
// Compared against when the client is unknown, suspended or has no working key, so that path does the same work as a wrong key.
const DECOY_HASH = hashToken('decoy')

/** The hashes of the keys that work now: none unless the client is active. */
function workingKeyHashes(found: ClientWithKeys | undefined, now: number): string[] {
  if (found?.client.status !== 'active') return []
  return found.keys.filter((key) => key.expiresAt === null || key.expiresAt.getTime() > now).map((key) => key.hash)
}

/** The tenant these credentials belong to, or undefined for any mismatch (no hint which). */
export async function authenticateTenant({
  ctx,
  input,
}: {
  ctx: PlatformContext
  input: { clientCode: string; apiKey: string }
}): Promise<Tenant | undefined> {
  const { clientCode, apiKey } = input
  const presented = hashToken(apiKey)
  const found = clientCodeShape.test(clientCode) ? await cachedClient(ctx.platform, clientCode) : undefined
  const working = workingKeyHashes(found, Date.now())
  let match = false
  for (const stored of working.length > 0 ? working : [DECOY_HASH]) {
    if (safeEqual(presented, stored) && working.length > 0) match = true
  }
  if (!found || !match || apiKey.length === 0) return undefined
  return tenantOf(ctx.platform, found.client)
}
