import type { Kysely } from 'kysely'
import type { ControlTables } from '../../../platform/database/control-tables'

type Db = Kysely<ControlTables>

/** Records a consent in progress, dropping the ones nobody finished. */
export async function insertOAuthState(db: Db, state: { stateHash: string; clientCode: string; expiresAt: Date }) {
  await db.deleteFrom('google_oauth_states').where('expires_at', '<', new Date()).execute()
  await db
    .insertInto('google_oauth_states')
    .values({ state_hash: state.stateHash, client_code: state.clientCode, expires_at: state.expiresAt })
    .execute()
}

/** Removes and returns a pending consent: of two callbacks with the same state, only one gets it. */
export function takeOAuthState(db: Db, stateHash: string) {
  return db
    .deleteFrom('google_oauth_states')
    .where('state_hash', '=', stateHash)
    .returning(['client_code', 'expires_at'])
    .executeTakeFirst()
}
