import type { Kysely } from 'kysely'
import type { ControlTables } from '../../platform/database/control-tables'
import { listCorsOrigins } from '../cors'
import { type ClientRow, listSealedSecrets } from './clients.repository'
import { secretsStatus } from './secrets'

/** A client as admins see it: which secrets are set, never their values or the datasource URI. */
export async function toClientView(db: Kysely<ControlTables>, row: ClientRow) {
  const [secrets, corsOrigins] = await Promise.all([listSealedSecrets(db, row.code), listCorsOrigins(db, row.code)])
  return {
    clientCode: row.code,
    name: row.name,
    status: row.status,
    defaultCountry: row.default_country,
    createdAt: row.created_at.toISOString(),
    secrets: secretsStatus(secrets.map((secret) => secret.name)),
    datasource:
      row.datasource_host && row.datasource_database
        ? { host: row.datasource_host, database: row.datasource_database, schema: row.schema_name }
        : null,
    corsOrigins,
  }
}
