import type { Kysely, Selectable, Transaction, Updateable } from 'kysely'
import type { CountryCode } from 'libphonenumber-js/min'
import type { ControlTables } from '../../platform/database/control-tables'

type Db = Kysely<ControlTables> | Transaction<ControlTables>
export type ClientRow = Selectable<ControlTables['clients']>

export function findClient(db: Db, code: string): Promise<ClientRow | undefined> {
  return db.selectFrom('clients').selectAll().where('code', '=', code).executeTakeFirst()
}

/** Every client, suspended ones included, by code. */
export function listAllClients(db: Db): Promise<ClientRow[]> {
  return db.selectFrom('clients').selectAll().orderBy('code').execute()
}

export function listActiveClients(db: Db): Promise<ClientRow[]> {
  return db.selectFrom('clients').selectAll().where('status', '=', 'active').orderBy('code').execute()
}

export async function listClientsPage(db: Db, page: { offset: number; limit: number }) {
  const [rows, count] = await Promise.all([
    db.selectFrom('clients').selectAll().orderBy('created_at').orderBy('code').offset(page.offset).limit(page.limit).execute(),
    db.selectFrom('clients').select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow(),
  ])
  return { rows, total: count.total }
}

export function insertClient(db: Db, client: { code: string; name: string; schemaName: string; defaultCountry: CountryCode | undefined }) {
  return db
    .insertInto('clients')
    .values({ code: client.code, name: client.name, schema_name: client.schemaName, default_country: client.defaultCountry })
    .returningAll()
    .executeTakeFirstOrThrow()
}

export function updateClient(db: Db, code: string, changes: Pick<Updateable<ControlTables['clients']>, 'name' | 'default_country'>) {
  return db
    .updateTable('clients')
    .set({ ...changes, updated_at: new Date() })
    .where('code', '=', code)
    .returningAll()
    .executeTakeFirstOrThrow()
}

export async function updateClientDatasource(
  db: Db,
  code: string,
  datasource: { sealedUri: string; host: string; database: string },
): Promise<void> {
  await db
    .updateTable('clients')
    .set({
      datasource_uri: datasource.sealedUri,
      datasource_host: datasource.host,
      datasource_database: datasource.database,
      updated_at: new Date(),
    })
    .where('code', '=', code)
    .execute()
}

export async function insertApiKey(db: Db, clientCode: string, keyHash: string): Promise<void> {
  await db.insertInto('api_keys').values({ client_code: clientCode, key_hash: keyHash, expires_at: null }).execute()
}

/** Sets an expiry on every key of the client that would outlive `at`. */
export async function expireApiKeys(db: Db, clientCode: string, at: Date): Promise<void> {
  await db
    .updateTable('api_keys')
    .set({ expires_at: at })
    .where('client_code', '=', clientCode)
    .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', at)]))
    .execute()
}

export interface ClientWithKeys {
  client: ClientRow
  /** Every key kept for the client, retired ones included: whether one still works is asked at each use. */
  keys: { hash: string; expiresAt: Date | null }[]
}

/** The client (whatever its status) with all its keys, in one query. */
export async function findClientWithKeys(db: Db, clientCode: string): Promise<ClientWithKeys | undefined> {
  const rows = await db
    .selectFrom('clients')
    .leftJoin('api_keys', 'api_keys.client_code', 'clients.code')
    .selectAll('clients')
    .select(['api_keys.key_hash', 'api_keys.expires_at as key_expires_at'])
    .where('clients.code', '=', clientCode)
    .execute()
  const [first] = rows
  if (!first) return undefined
  const { key_hash: _, key_expires_at: __, ...client } = first
  const keys = rows.flatMap((row) => (row.key_hash === null ? [] : [{ hash: row.key_hash, expiresAt: row.key_expires_at }]))
  return { client, keys }
}

/** Deletes the keys that stopped working before `cutoff`; answers how many, and the clients they belonged to. */
export async function deleteKeysRetiredBefore(db: Db, cutoff: Date): Promise<{ purged: number; clientCodes: string[] }> {
  const rows = await db.deleteFrom('api_keys').where('expires_at', '<', cutoff).returning('client_code').execute()
  return { purged: rows.length, clientCodes: [...new Set(rows.map((row) => row.client_code))] }
}

export async function upsertSecrets(db: Db, clientCode: string, sealed: { name: string; ciphertext: string }[]) {
  if (sealed.length === 0) return
  await db
    .insertInto('client_secrets')
    .values(sealed.map((secret) => ({ client_code: clientCode, name: secret.name, ciphertext: secret.ciphertext })))
    .onConflict((oc) =>
      oc.columns(['client_code', 'name']).doUpdateSet((eb) => ({
        ciphertext: eb.ref('excluded.ciphertext'),
        updated_at: new Date(),
      })),
    )
    .execute()
}

export async function deleteSecrets(db: Db, clientCode: string, names: string[]): Promise<void> {
  if (names.length === 0) return
  await db.deleteFrom('client_secrets').where('client_code', '=', clientCode).where('name', 'in', names).execute()
}

export function listSealedSecrets(db: Db, clientCode: string) {
  return db.selectFrom('client_secrets').select(['name', 'ciphertext']).where('client_code', '=', clientCode).execute()
}

/** Client codes that have this secret set (a few rows of one secret name, not every tenant's secrets). */
export async function clientsWithSecret(db: Db, name: string): Promise<string[]> {
  const rows = await db.selectFrom('client_secrets').select('client_code').where('name', '=', name).execute()
  return rows.map((row) => row.client_code)
}
