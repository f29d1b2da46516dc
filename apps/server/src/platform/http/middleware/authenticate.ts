import type { Context, MiddlewareHandler } from 'hono'
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
 * A credential a tenant route takes instead of the API key headers (the spec's alternative security
 * requirement `scheme`, e.g. a short-lived token a browser holds): the tenant it proves, null when
 * it is presented but proves none, undefined when the request does not carry it.
 */
export interface TenantCredential {
  scheme: string
  authenticate(c: Context<AppEnv>): Promise<Tenant | null | undefined>
}

/**
 * `x-api-key` + `x-client-code`, or the route's own `credential` when the request carries it. A
 * missing header, an unknown code, a wrong or retired key all answer the same 401, after the same
 * work, so nothing tells which part was wrong.
 */
export function requireTenant(authenticate: TenantAuthenticator, credential?: TenantCredential): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const presented = await credential?.authenticate(c)
    const apiKey = c.req.header('x-api-key') ?? ''
    const clientCode = c.req.header('x-client-code') ?? ''
    const tenant = presented === undefined ? await authenticate(c.var.platform, { clientCode, apiKey }) : presented
    if (!tenant) throw unauthorized()
    c.set('tenant', tenant)
    await next()
  }
}
