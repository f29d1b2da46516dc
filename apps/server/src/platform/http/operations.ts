import type { Context, MiddlewareHandler } from 'hono'
import type { OpenAPIHono, RouteConfig, z } from '@hono/zod-openapi'
import type { Config } from '../../config/config-schema'
import { routesByOperationId } from '../../generated/operations'
import type { PlatformContext, Tenant, TenantContext } from '../platform'
import type { AppEnv } from './app-env'
import { cursorPaginated, ok, paginated } from './envelope'
import { requireAdmin, requireTenant, type TenantAuthenticator, type TenantCredential } from './middleware/authenticate'
import { idempotency } from './middleware/idempotency'

export type OperationId = keyof typeof routesByOperationId
type RouteOf<Id extends OperationId> = (typeof routesByOperationId)[Id]

type Shape<T> = T extends z.ZodObject<infer S> ? S : Record<never, never>
/** A query parameter with a default in the spec is always present once validated. */
type WithDefaults<S> = {
  [K in keyof S as S[K] extends z.ZodExactOptional<z.ZodDefault<z.ZodType>> ? K : never]-?: S[K] extends z.ZodExactOptional<
    z.ZodDefault<infer Inner extends z.ZodType>
  >
    ? z.output<Inner>
    : never
}
type Request<R> = R extends { request: infer Q } ? Q : Record<never, never>
type Params<R> = Request<R> extends { params: infer P extends z.ZodType } ? z.output<P> : Record<never, never>
type Query<R> = Request<R> extends { query: infer Q extends z.ZodType } ? z.output<Q> & WithDefaults<Shape<Q>> : Record<never, never>
type Body<R> = Request<R> extends { body: { content: { 'application/json': { schema: infer B extends z.ZodType } } } }
  ? z.output<B>
  : Request<R> extends { body: { content: { 'multipart/form-data': { schema: infer F extends z.ZodType } } } }
    ? z.output<F>
    : Record<never, never>
/** What an operation receives: its path parameters, query (spec defaults applied) and JSON or form body, validated, as one object. */
export type OperationInput<Id extends OperationId> = Params<RouteOf<Id>> & Query<RouteOf<Id>> & Body<RouteOf<Id>>

type Responses<R> = R extends { responses: infer S } ? S : never
type SuccessStatus<R> = Extract<keyof Responses<R>, 200 | 201 | 202>
type SuccessBody<R> = Responses<R>[SuccessStatus<R> & keyof Responses<R>] extends {
  content: { 'application/json': { schema: infer B extends z.ZodType } }
}
  ? z.input<B>
  : never

/** A page of a list: answered in the paginated envelope. */
export class Page<T> {
  constructor(
    readonly items: T[],
    readonly page: { total: number; page: number; limit: number },
  ) {}
}

/** A slice of a list read from a cursor: answered with `hasMore` (items lie beyond it in the direction read). */
export class CursorPage<T> {
  constructor(
    readonly items: T[],
    readonly hasMore: boolean,
  ) {}
}

/** An answer with a message beside its data. */
export class WithMessage<T> {
  constructor(
    readonly data: T,
    readonly message: string,
  ) {}
}

/**
 * What an operation returns: its data (wrapped in the success envelope here), a `Page` for a
 * paginated list, a `CursorPage` for a list read from a cursor, `WithMessage`, or a `Response` of
 * its own (a CSV stream, a redirect, a page).
 */
type Answer<R> = SuccessBody<R> extends { totalPages: number; data: (infer Item)[] }
  ? Page<Item>
  : SuccessBody<R> extends { hasMore: boolean; data: (infer Item)[] }
    ? CursorPage<Item>
    : SuccessBody<R> extends { data: infer D }
      ? D | WithMessage<D>
      : never

interface OperationArgs<Ctx, Id extends OperationId> {
  ctx: Ctx
  input: OperationInput<Id>
  /** The request, for what the contract's input does not carry (a raw body, a response header). */
  c: Context<AppEnv>
}

type Run<Ctx, Id extends OperationId> = (args: OperationArgs<Ctx, Id>) => Promise<Answer<RouteOf<Id>> | Response>

/** One API operation: the contract's route (found by operationId) and the code that answers it. */
export interface Operation {
  operationId: OperationId
  audience: 'tenant' | 'platform'
  route: RouteConfig
  run(c: Context<AppEnv>, ctx: PlatformContext | TenantContext): Promise<unknown>
  /** Runs after authentication, before the operation (a rate limit, say). */
  middleware: MiddlewareHandler<AppEnv>[]
  /** The route's own body limit, in place of `ECODRIX_BODY_LIMIT_BYTES` (an upload's). */
  bodyLimitBytes: ((config: Config) => number) | undefined
  /** The longest array its body may hold, in place of `inputLimits.maxArrayLength` (a broadcast's recipients); the spec's `maxItems` still applies. */
  maxArrayLength: number | undefined
  /** A credential the route takes instead of the API key headers (its spec's alternative security requirement). */
  credential: TenantCredential | undefined
  /** The operation reads its body's bytes itself; see `OperationOptions.rawBody`. */
  rawBody: boolean
}

interface OperationOptions {
  middleware?: MiddlewareHandler<AppEnv>[]
  bodyLimitBytes?: (config: Config) => number
  maxArrayLength?: number
  credential?: TenantCredential
  /**
   * The body is read as the bytes received (`c.req.arrayBuffer()`: a signature covers them exactly,
   * malformed JSON included), so neither the JSON guard nor the route's validator reads it first.
   * The spec still describes it.
   */
  rawBody?: boolean
}

/** The route without its body validator: the operation reads the body itself. */
function withoutBody(route: RouteConfig): RouteConfig {
  const { body: _body, ...request } = route.request ?? {}
  return { ...route, request }
}

function define<Ctx, Id extends OperationId>(
  audience: Operation['audience'],
  operationId: Id,
  run: Run<Ctx, Id>,
  options: OperationOptions,
): Operation {
  const specRoute = routesByOperationId[operationId] as RouteConfig
  const route = options.rawBody ? withoutBody(specRoute) : specRoute
  return {
    operationId,
    audience,
    route,
    run: (c, ctx) => run({ ctx: ctx as Ctx, input: inputOf(c, route) as OperationInput<Id>, c }),
    middleware: options.middleware ?? [],
    bodyLimitBytes: options.bodyLimitBytes,
    maxArrayLength: options.maxArrayLength,
    credential: options.credential,
    rawBody: options.rawBody ?? false,
  }
}

/** An operation a tenant calls (`x-api-key` + `x-client-code`): it runs with that tenant. */
export const defineTenantOperation = <Id extends OperationId>(operationId: Id, run: Run<TenantContext, Id>, options: OperationOptions = {}) =>
  define('tenant', operationId, run, options)

/** An operation of the platform (admin or public): it runs without a tenant. */
export const definePlatformOperation = <Id extends OperationId>(
  operationId: Id,
  run: Run<PlatformContext, Id>,
  options: OperationOptions = {},
) => define('platform', operationId, run, options)

type Validated = (target: string) => unknown

function inputOf(c: Context<AppEnv>, route: RouteConfig): Record<string, unknown> {
  const valid = c.req.valid.bind(c.req) as Validated
  const request = route.request ?? {}
  const content = request.body?.content
  const body = content?.['application/json'] ? valid('json') : content?.['multipart/form-data'] ? valid('form') : undefined
  return {
    ...(request.query ? (valid('query') as object) : {}),
    ...(typeof body === 'object' && body !== null ? body : {}),
    ...(request.params ? (valid('param') as object) : {}),
  }
}

function successStatus(route: RouteConfig): 200 | 201 | 202 {
  const status = Object.keys(route.responses).map(Number).find((code) => code >= 200 && code < 300)
  return (status ?? 200) as 200 | 201 | 202
}

function respond(c: Context<AppEnv>, status: 200 | 201 | 202, answer: unknown): Response {
  if (answer instanceof Response) return answer
  if (answer instanceof Page) return c.json(paginated(answer.items, answer.page), status)
  if (answer instanceof CursorPage) return c.json(cursorPaginated(answer.items, answer.hasMore), status)
  if (answer instanceof WithMessage) return c.json(ok(answer.data, answer.message), status)
  return c.json(ok(answer), status)
}

type SecurityRequirement = Record<string, string[]>

/** The route's security requirements less the one its own credential answers, which the spec must list. */
function requirementsBesides(security: SecurityRequirement[], operation: Operation): SecurityRequirement[] {
  const scheme = operation.credential?.scheme
  if (scheme === undefined) return security
  const rest = security.filter((requirement) => Object.keys(requirement).join('+') !== scheme)
  if (rest.length === security.length) throw new Error(`${operation.operationId} takes a ${scheme} credential its route's security does not list`)
  return rest
}

function audienceOf(security: SecurityRequirement[]): 'admin' | 'tenant' | 'public' {
  const schemes = security.flatMap((requirement) => Object.keys(requirement)).sort().join('+')
  if (schemes === '') return 'public'
  if (schemes === 'AdminBearer') return 'admin'
  if (schemes === 'ApiKey+ClientCode') return 'tenant'
  throw new Error(`no authentication middleware for security schemes "${schemes}"`)
}

/**
 * A path with a literal segment where another has a parameter is registered first, so
 * `/leads/by-ref` is not taken by `/leads/{leadId}`, whatever order the modules list them in.
 */
function literalFirst(a: Operation, b: Operation): number {
  const left = a.route.path.split('/')
  const right = b.route.path.split('/')
  for (let i = 0; i < Math.min(left.length, right.length); i++) {
    const leftParam = left[i]!.startsWith('{')
    if (leftParam !== right[i]!.startsWith('{')) return leftParam ? 1 : -1
  }
  return 0
}

export function registerOperations(
  app: OpenAPIHono<AppEnv>,
  operations: Operation[],
  options: { documentSecurity: SecurityRequirement[]; authenticateTenant: TenantAuthenticator },
): void {
  for (const operation of [...operations].sort(literalFirst)) {
    const { route, middleware: own } = operation
    const audience = audienceOf(
      requirementsBesides((route.security as SecurityRequirement[] | undefined) ?? options.documentSecurity, operation),
    )
    if ((audience === 'tenant') !== (operation.audience === 'tenant')) {
      throw new Error(`${operation.operationId} is a ${operation.audience} operation but its route is for the ${audience} audience`)
    }
    const authentication =
      audience === 'tenant'
        ? [requireTenant(options.authenticateTenant, operation.credential)]
        : audience === 'admin'
          ? [requireAdmin()]
          : []
    // Every authenticated POST honours Idempotency-Key, before the operation's own middleware, so a
    // replayed answer does not run (or count against) a rate limit again.
    const guards = route.method === 'post' && authentication.length > 0 ? [idempotency()] : []
    const status = successStatus(route)
    app.openapi({ ...route, middleware: [...authentication, ...guards, ...own] }, async (c: Context<AppEnv>) => {
      const platform = c.var.platform
      const tenant: Tenant | undefined = c.var.tenant
      const ctx = operation.audience === 'tenant' ? { platform, tenant } : { platform }
      return respond(c, status, await operation.run(c, ctx))
    })
  }
}
