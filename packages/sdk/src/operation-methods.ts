import type { FetchOptions, HeadersOptions } from 'openapi-fetch'
import type { ApiPromise } from './api-promise'
import type { paths } from './generated/paths'
import type { InitArgs, Method, RequestExtras, ResponseData } from './types'

/** `[method, path, flags]` as scripts/generate.mjs writes it into generated/operations.ts. */
type Entry = readonly [Method, string] | readonly [Method, string, number]
export type OperationTable = Readonly<Record<string, Readonly<Record<string, Entry>>>>

const BODY_IS_ARGUMENT = 1
const IDEMPOTENT = 2

/** Per-call options of an operation method. */
export interface CallOptions extends RequestExtras {
  headers?: HeadersOptions
  signal?: AbortSignal
}

type Operation<E extends Entry> = E[0] extends infer M extends Method
  ? E[1] extends keyof paths
    ? paths[E[1]] extends Record<M, infer Op>
      ? Op
      : never
    : never
  : never

type Fields<T> = [NonNullable<T>] extends [never] ? {} : NonNullable<T>
type ParamFields<Op> = Op extends { parameters: { path?: infer Path; query?: infer Query } }
  ? Fields<Path> & Fields<Query>
  : {}
type BodyPart<Op> = Op extends { requestBody?: unknown } ? Pick<FetchOptions<Op>, 'body' & keyof FetchOptions<Op>> : {}

/** The argument: the body itself when flag 1 is set, otherwise path and query parameters with `body`. */
type Argument<E extends Entry> = E extends readonly [Method, string, infer Flags]
  ? Flags extends 1 | 3
    ? FetchOptions<Operation<E>> extends { body: infer Body }
      ? [body: Body]
      : [body?: FetchOptions<Operation<E>> extends { body?: infer Body } ? Body : never]
    : InitArgs<ParamFields<Operation<E>> & BodyPart<Operation<E>>>
  : InitArgs<ParamFields<Operation<E>> & BodyPart<Operation<E>>>

export type OperationMethod<E extends Entry> = (
  ...args: [...Argument<E>, options?: CallOptions]
) => ApiPromise<ResponseData<paths, E[1], E[0]>>

/** `client.<group>.<verb>(…)` for every operation of the table. */
export type OperationGroups<T extends OperationTable> = {
  [G in keyof T]: { [V in keyof T[G]]: OperationMethod<T[G][V]> }
}

export interface OperationInit extends RequestExtras {
  params?: { path?: Record<string, unknown>; query?: Record<string, unknown> }
  body?: unknown
  headers?: HeadersOptions
  signal?: AbortSignal
}

type Call = (method: Method, path: string, init: OperationInit) => ApiPromise<unknown>

/** Path-template names go to `params.path`, `body` to the body, every other field to the query. */
function toInit(path: string, argument: unknown, flags: number): OperationInit {
  if (flags & BODY_IS_ARGUMENT) return argument === undefined ? {} : { body: argument }
  const { body, ...fields } = (argument ?? {}) as Record<string, unknown>
  const params = { path: {} as Record<string, unknown>, query: {} as Record<string, unknown> }
  for (const [name, value] of Object.entries(fields)) params[path.includes(`{${name}}`) ? 'path' : 'query'][name] = value
  return body === undefined ? { params } : { params, body }
}

/** Binds the generated table to `call`; a group named like an existing member (`realtime`) is merged into it. */
export function addOperations<Base extends object, T extends OperationTable>(
  base: Base,
  table: T,
  call: Call,
): Base & OperationGroups<T> {
  const target = base as Record<string, object>
  for (const [group, verbs] of Object.entries(table)) {
    const methods = Object.fromEntries(
      Object.entries(verbs).map(([verb, [method, path, flags = 0]]) => [
        verb,
        (argument?: unknown, options: CallOptions = {}) =>
          call(method, path, {
            ...(flags & IDEMPOTENT ? { idempotencyKey: true } : {}),
            ...options,
            ...toInit(path, argument, flags),
          }),
      ]),
    )
    target[group] = Object.assign(target[group] ?? {}, methods)
  }
  return base as Base & OperationGroups<T>
}
