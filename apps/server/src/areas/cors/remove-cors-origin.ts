import { AppError } from '../../platform/http/errors'
import { defineTenantOperation } from '../../platform/http/operations'
import { deleteCorsOrigin, listCorsOrigins } from './cors.repository'
import { originOf } from './origin'

export const removeCorsOriginOperation = defineTenantOperation('cors.remove', async ({ ctx, input }) => {
  const { db } = ctx.platform
  const origin = originOf(input.url)
  if (!(await deleteCorsOrigin(db, ctx.tenant.clientCode, origin))) {
    throw new AppError('NOT_FOUND', `Origin ${origin} is not allowed for this client`)
  }
  return { origins: await listCorsOrigins(db, ctx.tenant.clientCode) }
})
