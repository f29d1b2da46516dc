import { FetchInterceptor } from '@mswjs/interceptors/fetch'
import type { RequestHandler } from 'msw'
import { SetupServerApi } from 'msw/node'

/**
 * Simulates third-party HTTP APIs (Graph API, Google) at the network edge: only the server's
 * outbound `fetch` is intercepted, so the tests' own HTTP calls to the server stay untouched.
 */
export function simulateThirdParties(...handlers: RequestHandler[]) {
  return new SetupServerApi(handlers, [new FetchInterceptor()])
}
