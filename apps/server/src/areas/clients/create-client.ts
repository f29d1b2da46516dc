import { randomBytes } from 'node:crypto'
import { generateApiKey, generateWebhookSecret, hashToken } from '../../platform/crypto/tokens'
import { AppError } from '../../platform/http/errors'
import { definePlatformOperation, WithMessage } from '../../platform/http/operations'
import { isUniqueViolation } from '../../platform/database/pg-errors'
import { clientsChanged } from './client-cache'
import { phoneCountry } from './default-country'
import { findClient, insertApiKey, insertClient, upsertSecrets } from './clients.repository'
import { secretContext } from './secrets'
import { schemaNameFor } from './tenant-location'

/** `Nirvisham Clinics` → `nirvisham_clinics_3fa1`: readable, unique enough, valid as a code. */
function deriveClientCode(name: string): string {
  const slug = name
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^[^a-z]+|_+$/g, '')
    .slice(0, 30)
  return `${slug.length >= 3 ? slug : 'client'}_${randomBytes(2).toString('hex')}`
}

const clientExists = (code: string) => new AppError('CLIENT_EXISTS', `A client with code "${code}" already exists`)

/**
 * Creates the tenant: its schema (migrated) first, then in one transaction its row, its first API
 * key (stored as a hash) and its webhook secret (encrypted). The key and secret are returned once.
 */
export const createClientOperation = definePlatformOperation('clients.create', async ({ ctx, input }) => {
  const { db, tenants, secretBox } = ctx.platform
  const code = input.clientCode ?? deriveClientCode(input.name)
  const defaultCountry = input.defaultCountry === undefined ? undefined : phoneCountry(input.defaultCountry)
  if (await findClient(db, code)) throw clientExists(code)

  const schemaName = schemaNameFor(code)
  await tenants.migrate({ schemaName, datasourceUri: undefined })

  const apiKey = generateApiKey()
  const webhookSecret = generateWebhookSecret()
  try {
    const row = await db.transaction().execute(async (trx) => {
      const client = await insertClient(trx, { code, name: input.name, schemaName, defaultCountry })
      await insertApiKey(trx, code, hashToken(apiKey))
      await upsertSecrets(trx, code, [
        {
          name: 'automationWebhookSecret',
          ciphertext: secretBox.encrypt(webhookSecret, secretContext(code, 'automationWebhookSecret')),
        },
      ])
      // A node may have cached the code as unknown.
      await clientsChanged(ctx.platform, trx, [code])
      return client
    })
    return new WithMessage(
      { clientCode: row.code, name: row.name, defaultCountry: row.default_country, apiKey, webhookSecret, createdAt: row.created_at.toISOString() },
      'Client created. Store apiKey and webhookSecret now: they are not shown again.',
    )
  } catch (error) {
    if (isUniqueViolation(error)) throw clientExists(code)
    throw error
  }
})
