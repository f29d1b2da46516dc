import type { Kysely } from 'kysely'
import type { SecretBox } from '../crypto/secret-box'
import type { ControlTables } from './control-tables'

const KEY = 'master_key_check'
const CONTEXT = 'platform:master-key-check'
const PLAINTEXT = 'ecodrix'

export class MasterKeyMismatchError extends Error {
  override name = 'MasterKeyMismatchError'
}

/**
 * The first start stores a value sealed with the master key; later starts must open it, so a
 * changed ECODRIX_MASTER_KEY stops the server instead of silently failing every secret read.
 */
export async function verifyMasterKey(db: Kysely<ControlTables>, secretBox: SecretBox): Promise<void> {
  await db
    .insertInto('platform_settings')
    .values({ key: KEY, value: secretBox.encrypt(PLAINTEXT, CONTEXT) })
    .onConflict((oc) => oc.column('key').doNothing())
    .execute()
  const row = await db.selectFrom('platform_settings').select('value').where('key', '=', KEY).executeTakeFirstOrThrow()
  let opened: string | undefined
  try {
    opened = secretBox.decrypt(row.value, CONTEXT)
  } catch {
    opened = undefined
  }
  if (opened !== PLAINTEXT) {
    throw new MasterKeyMismatchError(
      'ECODRIX_MASTER_KEY is not the key this database was set up with; secrets cannot be decrypted',
    )
  }
}
