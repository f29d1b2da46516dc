import { generateApiKey, hashToken } from '../../platform/crypto/tokens'
import { definePlatformOperation, WithMessage } from '../../platform/http/operations'
import { clientsChanged } from './client-cache'
import { expireApiKeys, insertApiKey } from './clients.repository'
import { requireClient } from './require-client'

/** Issues a new key and retires the current ones after `gracePeriodSeconds` (0: at once), atomically. */
export const rotateApiKeyOperation = definePlatformOperation('clients.rotateApiKey', async ({ ctx, input }) => {
  const { code: clientCode } = input
  await requireClient(ctx, clientCode)
  const apiKey = generateApiKey()
  // The body is optional, and without one its default is not applied.
  const previousKeysExpireAt = new Date(Date.now() + (input.gracePeriodSeconds ?? 0) * 1000)
  await ctx.platform.db.transaction().execute(async (trx) => {
    await expireApiKeys(trx, clientCode, previousKeysExpireAt)
    await insertApiKey(trx, clientCode, hashToken(apiKey))
    await clientsChanged(ctx.platform, trx, [clientCode])
  })
  return new WithMessage(
    { clientCode, apiKey, previousKeysExpireAt: previousKeysExpireAt.toISOString() },
    'New API key issued. Store it now: it is not shown again.',
  )
})
