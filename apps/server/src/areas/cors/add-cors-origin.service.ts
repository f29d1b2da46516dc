import type { TenantContext } from '../../platform/platform'
import { insertCorsOrigin, listCorsOrigins } from './cors.repository'
import { originOf } from './origin'

/** Allows the URL's origin for the tenant; adding it again is a no-op (`added: false`). */
export async function addCorsOrigin({ ctx, input }: { ctx: TenantContext; input: { url: string } }) {
  const { db } = ctx.platform
  const added = await insertCorsOrigin(db, ctx.tenant.clientCode, originOf(input.url))
  return { added, origins: await listCorsOrigins(db, ctx.tenant.clientCode) }
}
