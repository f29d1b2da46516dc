import { AppError } from '../../platform/http/errors'
import type { TenantContext } from '../../platform/platform'
import { deleteCorsOrigin, listCorsOrigins } from './cors.repository'
import { originOf } from './origin'

export async function removeCorsOrigin({ ctx, input }: { ctx: TenantContext; input: { url: string } }) {
  const { db } = ctx.platform
  const origin = originOf(input.url)
  if (!(await deleteCorsOrigin(db, ctx.tenant.clientCode, origin))) {
    throw new AppError('NOT_FOUND', `Origin ${origin} is not allowed for this client`)
  }
  return { origins: await listCorsOrigins(db, ctx.tenant.clientCode) }
}
