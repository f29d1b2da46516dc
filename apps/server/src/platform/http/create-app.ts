import { OpenAPIHono } from '@hono/zod-openapi'
import openapiDocument from '@ecodrix/openapi/openapi.json'
import { authenticatorOf, type Module } from '../module'
import type { Platform } from '../platform'
import type { AppEnv } from './app-env'
import { AppError } from './errors'
import { checkBody, limitBody } from './middleware/json-body'
import { requestContext } from './middleware/request-context'
import { errorResponse, onError } from './on-error'
import { registerOperations } from './operations'
import { validationHook } from './validation-hook'

/** The HTTP app: every module's operations (an operation no module lists is not served; the route-set test notices). */
export function createApp(platform: Platform, modules: Module[]): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  app.use('*', requestContext(platform), ...modules.flatMap((module) => module.middleware ?? []))
  const operations = modules.flatMap((module) => module.operations ?? [])
  const ownBodyLimits = operations.flatMap(({ route, bodyLimitBytes }) =>
    bodyLimitBytes ? [{ method: route.method, path: route.path, maxBytes: bodyLimitBytes(platform.config) }] : [],
  )
  const rawBodyRoutes = operations.filter((operation) => operation.rawBody).map(({ route }) => ({ method: route.method, path: route.path }))
  const arrayLimits = operations.flatMap(({ route, maxArrayLength }) => (maxArrayLength ? [{ method: route.method, path: route.path, maxArrayLength }] : []))
  app.use('*', limitBody(platform.config.bodyLimitBytes, ownBodyLimits), checkBody(rawBodyRoutes, arrayLimits))
  registerOperations(
    app,
    operations,
    { documentSecurity: openapiDocument.security, authenticateTenant: authenticatorOf(modules) },
  )
  app.notFound((c) => errorResponse(c, new AppError('NOT_FOUND', `No route ${c.req.method} ${c.req.path}`)))
  app.onError(onError)
  return app
}
