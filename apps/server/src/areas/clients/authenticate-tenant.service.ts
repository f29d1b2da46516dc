import { hashToken, safeEqual } from '../../platform/crypto/tokens'
import type { PlatformContext, Tenant } from '../../platform/platform'
import { findActiveClientKeys } from './clients.repository'
import { tenantOf } from './tenant-location'

const clientCodeShape = /^[a-z][a-z0-9_]{2,39}$/
// Compared against when the client is unknown, so that path does the same work as a wrong key.
const DECOY_HASH = hashToken('decoy')

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
  const found = clientCodeShape.test(clientCode) ? await findActiveClientKeys(ctx.platform.db, clientCode) : undefined
  let match = false
  for (const stored of found?.keyHashes ?? [DECOY_HASH]) {
    if (safeEqual(presented, stored) && found) match = true
  }
  if (!found || !match || apiKey.length === 0) return undefined
  return tenantOf(ctx.platform, found.client)
}
