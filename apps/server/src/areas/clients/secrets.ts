import type { z } from '@hono/zod-openapi'
import { SecretsStatusSchema } from '../../generated/routes'
import { tenantScope } from '../../platform/cache/node-cache'
import type { Platform, PlatformContext } from '../../platform/platform'
import { clientsChanged } from './client-cache'
import { listSealedSecrets, upsertSecrets } from './clients.repository'

export type SecretsStatus = z.infer<typeof SecretsStatusSchema>
export type SecretName = keyof SecretsStatus

/** The secrets an admin may set, as the contract names them. */
const SECRET_NAMES = SecretsStatusSchema.keyof().options

/** Associated data binding a ciphertext to its tenant and slot. */
export const secretContext = (clientCode: string, name: string) => `secret:${clientCode}:${name}`

export function secretsStatus(setNames: Iterable<string>): SecretsStatus {
  const set = new Set(setNames)
  return Object.fromEntries(SECRET_NAMES.map((name) => [name, set.has(name)])) as SecretsStatus
}

export type Secrets = Readonly<Partial<Record<SecretName, string>>>

/** A tenant's secrets, decrypted, for services that use them (never for answers); cached on each node with the tenant. */
export function readSecrets(platform: Pick<Platform, 'db' | 'secretBox' | 'cache'>, clientCode: string): Promise<Secrets> {
  return platform.cache.read(tenantScope(clientCode), 'secrets', async () => {
    const sealed = await listSealedSecrets(platform.db, clientCode)
    return Object.freeze(
      Object.fromEntries(
        sealed.map((secret) => [secret.name, platform.secretBox.decrypt(secret.ciphertext, secretContext(clientCode, secret.name))]),
      ),
    )
  })
}

/** Stores sealed secrets of the client and tells every node's cache, in one transaction. */
export async function saveSealedSecrets(ctx: PlatformContext, clientCode: string, sealed: { name: string; ciphertext: string }[]): Promise<void> {
  await ctx.platform.db.transaction().execute(async (trx) => {
    await upsertSecrets(trx, clientCode, sealed)
    await clientsChanged(ctx.platform, trx, [clientCode])
  })
}
