import type { z } from '@hono/zod-openapi'
import type { Kysely } from 'kysely'
import { SecretsStatusSchema } from '../../generated/routes'
import type { SecretBox } from '../../platform/crypto/secret-box'
import type { ControlTables } from '../../platform/database/control-tables'
import { listSealedSecrets } from './clients.repository'

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

/** Decrypts a tenant's secrets for services that use them (never for answers). */
export async function readSecrets(
  db: Kysely<ControlTables>,
  secretBox: SecretBox,
  clientCode: string,
): Promise<Partial<Record<SecretName, string>>> {
  const sealed = await listSealedSecrets(db, clientCode)
  return Object.fromEntries(
    sealed.map((secret) => [secret.name, secretBox.decrypt(secret.ciphertext, secretContext(clientCode, secret.name))]),
  )
}
