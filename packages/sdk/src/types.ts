import type { ApiPromise } from './api-promise'
import type { Client, ClientPathsWithMethod, FetchOptions, FetchResponse } from 'openapi-fetch'

/** HTTP methods the client exposes. */
export type Method = 'get' | 'put' | 'post' | 'patch' | 'delete'

/** What the SDK adds to openapi-fetch's per-request options. */
export interface RequestExtras {
  /**
   * Sent as `Idempotency-Key`, which makes the request safe to retry whatever its method.
   * `true` generates a UUID once per call; every retry of that call sends the same one.
   */
  idempotencyKey?: string | true
}

/** Paths that define method `M`. */
export type PathsWith<Paths extends {}, M extends Method> = ClientPathsWithMethod<Client<Paths>, M>

type Operation<Paths, P, M extends Method> = P extends keyof Paths
  ? Paths[P] extends Record<M, infer Op>
    ? Op
    : never
  : never

/**
 * A call's options: `params`, `body`, `headers`, `signal`, … as in openapi-fetch, plus RequestExtras.
 * `fetch` and `parseAs` are left out: they would bypass retries and the JSON envelope.
 */
export type RequestInitFor<Paths, P, M extends Method> = Omit<
  FetchOptions<Operation<Paths, P, M>>,
  'fetch' | 'parseAs'
> &
  RequestExtras

type RequiredKeys<T> = { [K in keyof T]-?: {} extends Pick<T, K> ? never : K }[keyof T]

/** The options argument is optional unless the operation requires `params` or `body`. */
export type InitArgs<Init> = RequiredKeys<Init> extends never ? [init?: Init] : [init: Init]

type MediaType = `${string}/${string}`

/** The JSON body of the operation's 2xx answers, exactly as openapi-fetch types it. */
type SuccessBody<Op> =
  Op extends Record<string | number, unknown>
    ? FetchResponse<Op, {}, MediaType> extends infer Result
      ? Result extends { data: infer Body; error?: never }
        ? Body
        : never
      : never
    : never

/** A success envelope's `data`; bodies that are not envelopes (e.g. `/openapi.json`) are returned whole. */
export type Unwrap<Body> = Body extends { success: true; data: infer Data } ? Data : Body

/** What `GET`, `POST`, … resolve to for path `P`. */
export type ResponseData<Paths, P, M extends Method> = Unwrap<SuccessBody<Operation<Paths, P, M>>>

export interface Page<Item> {
  data: Item[]
  total: number
  page: number
  limit: number
  totalPages: number
}

type PageOf<Body> = Body extends {
  success: true
  data: Array<infer Item>
  total: number
  page: number
  limit: number
  totalPages: number
}
  ? Page<Item>
  : never

/** GET paths that answer with a paginated envelope. */
export type PaginatedPath<Paths extends {}> = {
  [P in PathsWith<Paths, 'get'>]: [PageOf<SuccessBody<Operation<Paths, P, 'get'>>>] extends [never] ? never : P
}[PathsWith<Paths, 'get'>]

export type PageFor<Paths, P> = PageOf<SuccessBody<Operation<Paths, P, 'get'>>>

export type PageItem<Paths, P> = PageFor<Paths, P> extends Page<infer Item> ? Item : never

/** Calls `path` and resolves to the envelope's `data`; throws EcodrixError on failure. */
export type DataMethod<Paths extends {}, M extends Method> = <P extends PathsWith<Paths, M>>(
  path: P,
  ...init: InitArgs<RequestInitFor<Paths, P, M>>
) => ApiPromise<ResponseData<Paths, P, M>>
