import { definePlatformOperation } from '../../platform/http/operations'
import { clientsChanged } from './client-cache'
import { toClientView } from './client-view'
import { updateClient } from './clients.repository'
import { phoneCountry } from './default-country'
import { requireClient } from './require-client'

/** Renames a tenant or changes the country its national phone numbers are read in; every node drops its cached row. */
export const updateClientOperation = definePlatformOperation('clients.update', async ({ ctx, input }) => {
  const { db } = ctx.platform
  const client = await requireClient(ctx, input.code)
  const defaultCountry = input.defaultCountry === undefined ? undefined : phoneCountry(input.defaultCountry)
  const updated = await db.transaction().execute(async (trx) => {
    const row = await updateClient(trx, client.code, { name: input.name, default_country: defaultCountry })
    await clientsChanged(ctx.platform, trx, [client.code])
    return row
  })
  return toClientView(db, updated)
})
