import { sql } from 'kysely'
import { createKysely, createPool } from '../../platform/database/connect'
import { AppError } from '../../platform/http/errors'
import { definePlatformOperation } from '../../platform/http/operations'
import { clientsChanged } from './client-cache'
import { toClientView } from './client-view'
import { findClient, updateClientDatasource } from './clients.repository'
import { requireClient } from './require-client'
import { datasourceContext } from './tenant-location'

function describe(uri: string): { host: string; database: string } {
  let url: URL
  try {
    url = new URL(uri)
  } catch {
    throw new AppError('VALIDATION_ERROR', 'dbUri is not a valid URI', [{ path: 'body.dbUri', message: 'Invalid URI' }])
  }
  const database = decodeURIComponent(url.pathname.replace(/^\//, ''))
  if (!url.hostname || !database) {
    throw new AppError('VALIDATION_ERROR', 'dbUri must name a host and a database', [
      { path: 'body.dbUri', message: 'Host and database are required' },
    ])
  }
  return { host: url.port ? `${url.hostname}:${url.port}` : url.hostname, database }
}

/** Connects once with a throw-away pool, so a bad URI never reaches the tenant's pool cache. */
async function probe(uri: string): Promise<void> {
  const db = createKysely<unknown>(createPool(uri, 1))
  try {
    await sql`select 1`.execute(db)
  } catch (error) {
    const reason = (error as { code?: string; message?: string }).code ?? 'connection failed'
    throw new AppError('DATASOURCE_UNREACHABLE', `Could not connect to the datasource (${reason})`)
  } finally {
    await db.destroy()
  }
}

/**
 * Points a tenant at its own PostgreSQL database: connect, create and migrate the tenant's schema
 * there, then switch. The URI is stored encrypted; answers never include it.
 */
export const setClientDatasourceOperation = definePlatformOperation('clients.setDatasource', async ({ ctx, input }) => {
  const { db, tenants, secretBox } = ctx.platform
  const client = await requireClient(ctx, input.code)
  const where = describe(input.dbUri)
  await probe(input.dbUri)
  try {
    await tenants.migrate({ schemaName: client.schema_name, datasourceUri: input.dbUri })
  } catch (error) {
    ctx.platform.logger.warn({ err: error, clientCode: client.code }, 'datasource migration failed')
    throw new AppError('DATASOURCE_UNREACHABLE', 'Connected, but could not create the tenant schema in the datasource')
  }
  // The tenant's cached row names its old database, and its cached rules are the ones kept there.
  await db.transaction().execute(async (trx) => {
    await updateClientDatasource(trx, client.code, {
      sealedUri: secretBox.encrypt(input.dbUri, datasourceContext(client.code)),
      ...where,
    })
    await clientsChanged(ctx.platform, trx, [client.code])
  })
  const updated = await findClient(db, client.code)
  return toClientView(db, updated ?? client)
})
