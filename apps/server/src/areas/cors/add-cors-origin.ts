import { ok } from '../../platform/http/envelope'
import { defineTenantOperation, WithMessage } from '../../platform/http/operations'
import { insertCorsOrigin, listCorsOrigins } from './cors.repository'
import { originOf } from './origin'

/** Allows the URL's origin for the tenant: 201 when added, 200 when it was already allowed. */
export const addCorsOriginOperation = defineTenantOperation('cors.add', async ({ ctx, input, c }) => {
  const { db } = ctx.platform
  const added = await insertCorsOrigin(db, ctx.tenant.clientCode, originOf(input.url))
  const origins = await listCorsOrigins(db, ctx.tenant.clientCode)
  return added ? c.json(ok({ origins }), 201) : new WithMessage({ origins }, 'Origin was already allowed')
})
