import type { Kysely } from 'kysely'
import type { ControlTables } from '../../../platform/database/control-tables'

type Db = Kysely<ControlTables>

/** Records a connect link the admin API issued, dropping the links and consents nobody finished. */
export async function insertConnectLink(db: Db, link: { tokenHash: string; clientCode: string; expiresAt: Date }) {
  await db.deleteFrom('google_oauth_states').where('expires_at', '<', new Date()).execute()
  await db
    .insertInto('google_oauth_states')
    .values({ token_hash: link.tokenHash, client_code: link.clientCode, step: 'link', expires_at: link.expiresAt })
    .execute()
}

/**
 * Uses up an unexpired link of this client by turning its row into the consent's state. One
 * guarded update: of two opens of the same link, only one finds the row still at step `link`.
 */
export async function exchangeConnectLink(
  db: Db,
  exchange: { linkHash: string; clientCode: string; stateHash: string; expiresAt: Date },
): Promise<boolean> {
  const { numUpdatedRows } = await db
    .updateTable('google_oauth_states')
    .set({ token_hash: exchange.stateHash, step: 'consent', expires_at: exchange.expiresAt })
    .where('token_hash', '=', exchange.linkHash)
    .where('client_code', '=', exchange.clientCode)
    .where('step', '=', 'link')
    .where('expires_at', '>', new Date())
    .executeTakeFirst()
  return numUpdatedRows === 1n
}

/** Removes and returns a pending consent: of two callbacks with the same state, only one gets it. */
export function takeOAuthState(db: Db, stateHash: string) {
  return db
    .deleteFrom('google_oauth_states')
    .where('token_hash', '=', stateHash)
    .where('step', '=', 'consent')
    .returning(['client_code', 'expires_at'])
    .executeTakeFirst()
}
