import { type HttpHandler, HttpResponse, http } from 'msw'
import type { paths } from '../generated/paths'
import { type SpecResponse, specResponses } from '../generated/spec-examples'
import type { Method, PathsWith, ResponseData } from '../types'

type UpperMethod = Uppercase<Method>
/** The spec's paths that have method `M` (`'GET'`…). */
type PathFor<M extends UpperMethod> = PathsWith<paths, Lowercase<M>>

export interface MockOptions {
  /** The API's base URL the handlers answer for; by default any origin. */
  baseUrl?: string
}

/** What an override's function is given: msw's request and the path's parameters. */
export interface MockRequestInfo {
  request: Request
  params: Record<string, string | readonly string[] | undefined>
}

/**
 * An override's answer: the envelope's `data` (the rest of the envelope, `total`, `page`… for a
 * list, comes from the spec's example), or a function returning it or a whole `Response`.
 */
export type MockAnswer<M extends UpperMethod, P extends PathFor<M>> =
  | ResponseData<paths, P, Lowercase<M>>
  | ((info: MockRequestInfo) => MockData<M, P> | Response | Promise<MockData<M, P> | Response>)

type MockData<M extends UpperMethod, P extends PathFor<M>> = ResponseData<paths, P, Lowercase<M>>

const find = (method: string, path: string): SpecResponse => {
  const found = specResponses.find((response) => response.method === method && response.path === path)
  if (!found) throw new TypeError(`${method.toUpperCase()} ${path} is not an operation of the ECODrIx spec`)
  return found
}

const isEnvelope = (body: unknown): body is { success: true; data: unknown } =>
  typeof body === 'object' && body !== null && (body as { success?: unknown }).success === true && 'data' in body

const mswPath = (baseUrl: string, path: string) => `${baseUrl.replace(/\/$/, '')}${path.replace(/\{(\w+)\}/g, ':$1')}`

const requestIdHeader = () => ({ 'x-request-id': crypto.randomUUID() })

/** The answer the spec gives as example for `spec` (a copy: change it freely). */
function exampleResponse(spec: SpecResponse, example = spec.example): Response {
  const init = { status: spec.status, headers: requestIdHeader() }
  if (spec.contentType === undefined) return new HttpResponse(null, init)
  if (spec.contentType === 'application/json') return HttpResponse.json(structuredClone(example) as object, init)
  return new HttpResponse(String(example), { ...init, headers: { ...init.headers, 'content-type': spec.contentType } })
}

function handlerFor(spec: SpecResponse, baseUrl: string, answer?: (info: MockRequestInfo) => Promise<Response>): HttpHandler {
  return http[spec.method](mswPath(baseUrl, spec.path), (info) => (answer ? answer(info) : exampleResponse(spec)))
}

/**
 * msw handlers for every operation of the ECODrIx API, each answering its first 2xx with the
 * spec's example: `setupServer(...ecodrixHandlers())`. Override one per test with `ecodrixHandler`.
 */
export function ecodrixHandlers(options: MockOptions = {}): HttpHandler[] {
  return specResponses.map((spec) => handlerFor(spec, options.baseUrl ?? '*'))
}

/**
 * The spec's example of what the operation resolves to in the SDK (the envelope's `data`; a copy),
 * to change a field of in an override: `{ ...specExample('GET', path), queueDepth: 3 }`.
 */
export function specExample<M extends UpperMethod, P extends PathFor<M>>(method: M, path: P): MockData<M, P> {
  const { example } = find(method.toLowerCase(), path)
  return structuredClone(isEnvelope(example) ? example.data : example) as MockData<M, P>
}

/**
 * One operation answering `answer` instead of the spec's example, typed by the spec:
 * `server.use(ecodrixHandler('GET', '/api/saas/health/client', { ...health, queueDepth: 3 }))`.
 */
export function ecodrixHandler<M extends UpperMethod, P extends PathFor<M>>(
  method: M,
  path: P,
  answer: MockAnswer<M, P>,
  options: MockOptions = {},
): HttpHandler {
  const spec = find(method.toLowerCase(), path)
  return handlerFor(spec, options.baseUrl ?? '*', async (info) => {
    const data = typeof answer === 'function' ? await (answer as (info: MockRequestInfo) => unknown)(info as MockRequestInfo) : answer
    if (data instanceof Response) return data
    return exampleResponse(spec, isEnvelope(spec.example) ? { ...spec.example, data } : data)
  })
}

export interface MockError {
  status: number
  code: string
  message?: string
}

/** One operation refused the way ECODrIx refuses: `{success:false, message, code}` with `status`. */
export function ecodrixErrorHandler<M extends UpperMethod, P extends PathFor<M>>(
  method: M,
  path: P,
  error: MockError,
  options: MockOptions = {},
): HttpHandler {
  const { status, code, message = code } = error
  return handlerFor(find(method.toLowerCase(), path), options.baseUrl ?? '*', async () =>
    HttpResponse.json({ success: false, message, code }, { status, headers: requestIdHeader() }),
  )
}
