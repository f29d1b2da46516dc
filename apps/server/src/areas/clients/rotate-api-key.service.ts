import { generateApiKey, hashToken } from '../../platform/crypto/tokens'
import type { PlatformContext } from '../../platform/platform'
import { expireApiKeys, insertApiKey } from './clients.repository'
import { requireClient } from './get-client.service'

/** Issues a new key and retires the current ones after `gracePeriodSeconds` (0: at once), atomically. */
export async function rotateApiKey({
  ctx,
  input,
}: {
  ctx: PlatformContext
  input: { clientCode: string; gracePeriodSeconds: number }
}) {
  const { clientCode, gracePeriodSeconds } = input
  await requireClient(ctx, clientCode)
  const apiKey = generateApiKey()
  const previousKeysExpireAt = new Date(Date.now() + gracePeriodSeconds * 1000)
  await ctx.platform.db.transaction().execute(async (trx) => {
    await expireApiKeys(trx, clientCode, previousKeysExpireAt)
    await insertApiKey(trx, clientCode, hashToken(apiKey))
  })
  return { clientCode, apiKey, previousKeysExpireAt: previousKeysExpireAt.toISOString() }
}
