import type { MiddlewareHandler } from 'hono'
import { safeEqual } from '../../crypto/tokens'
import type { Platform, Tenant } from '../../platform'
import type { AppEnv } from '../app-env'
import { AppError } from '../errors'

/** Finds the tenant whose client code and API key these are; the clients area provides it. */
export type TenantAuthenticator = (platform: Platform, credentials: { clientCode: string; apiKey: string }) => Promise<Tenant | undefined>

const unauthorized = () => new AppError('UNAUTHORIZED', 'Invalid or missing credentials')

/** `Authorization: Bearer <ECODRIX_ADMIN_KEY>`, compared in constant time. */
export function requireAdmin(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const header = c.req.header('authorization') ?? ''
    const token = /^Bearer\s+(.+)$/i.exec(header)?.[1]?.trim() ?? ''
    if (!safeEqual(token, c.var.platform.config.adminKey)) throw unauthorized()
    await next()
  }
}

/**
 * `x-api-key` + `x-client-code`. A missing header, an unknown code, a wrong or retired key all
 * answer the same 401, after the same work, so nothing tells which part was wrong.
 */
export function requireTenant(authenticate: TenantAuthenticator): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const apiKey = c.req.header('x-api-key') ?? ''
    const clientCode = c.req.header('x-client-code') ?? ''
    const tenant = await authenticate(c.var.platform, { clientCode, apiKey })
    if (!tenant) throw unauthorized()
    c.set('tenant', tenant)
    await next()
  }
}
