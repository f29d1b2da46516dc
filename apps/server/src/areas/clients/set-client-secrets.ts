import { definePlatformOperation } from '../../platform/http/operations'
import { clientsChanged } from './client-cache'
import { deleteSecrets, listSealedSecrets, upsertSecrets } from './clients.repository'
import { requireClient } from './require-client'
import { type SecretName, secretContext, secretsStatus } from './secrets'
import { routeWhatsappNumberChange } from './whatsapp-number-routing'

/**
 * Encrypts and stores the given secrets (null removes one) in one transaction, with the webhook's
 * routing of `whatsappPhoneNumberId`; answers which are set.
 */
export const setClientSecretsOperation = definePlatformOperation('clients.setSecrets', async ({ ctx, input }) => {
  const { db, secretBox } = ctx.platform
  const { code: clientCode, ...secrets } = input
  await requireClient(ctx, clientCode)
  const entries = Object.entries(secrets) as [SecretName, string | number | null | undefined][]
  const toStore = entries
    .filter((entry): entry is [SecretName, string | number] => entry[1] !== null && entry[1] !== undefined)
    .map(([name, value]) => ({ name, ciphertext: secretBox.encrypt(String(value), secretContext(clientCode, name)) }))
  const toRemove = entries.filter(([, value]) => value === null).map(([name]) => name)

  await db.transaction().execute(async (trx) => {
    await upsertSecrets(trx, clientCode, toStore)
    await deleteSecrets(trx, clientCode, toRemove)
    if (secrets.whatsappPhoneNumberId !== undefined) await routeWhatsappNumberChange(trx, clientCode, secrets.whatsappPhoneNumberId)
    await clientsChanged(ctx.platform, trx, [clientCode])
  })
  const stored = await listSealedSecrets(db, clientCode)
  return { clientCode, secrets: secretsStatus(stored.map((secret) => secret.name)) }
})
