import type { Kysely } from 'kysely'
import type { SecretBox } from '../../platform/crypto/secret-box'
import type { ControlTables } from '../../platform/database/control-tables'
import { listSealedSecrets } from './clients.repository'

/** The secrets an admin may set, as the onboarding checklist names them. */
export const SECRET_NAMES = [
  'whatsappToken',
  'whatsappBusinessId',
  'whatsappPhoneNumberId',
  'whatsappWebhookToken',
  'smtpHost',
  'smtpPort',
  'smtpUser',
  'smtpPass',
  'smtpFrom',
  'automationWebhookSecret',
] as const

export type SecretName = (typeof SECRET_NAMES)[number]
export type SecretsStatus = Record<SecretName, boolean>

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
