import { after, before } from 'node:test'
import type { Config } from '../../src/config/config-schema'
import { createTenant, type TestTenant } from './tenants'
import { startTestServer, type TestServer } from './test-server'

export interface TestServerSetup<Name extends string> {
  /** Tenants to create once the server runs: the key the tests read them by → the tenant's name. */
  tenants?: Record<Name, string>
  config?: Partial<Config>
  /**
   * The file's own setup (seed data, a key rotation…), run once the server and tenants are there.
   * Not a second top-level `before`: Node 20 runs a file's top-level before hooks concurrently.
   */
  seed?: () => Promise<void>
}

/** The file's server and tenants, readable from the seed and the tests on. */
export type TestEnv<Name extends string> = { readonly server: TestServer } & { readonly [key in Name]: TestTenant }

const notStarted = (what: string): never => {
  throw new Error(`${what} is only there once useTestServer's before hook has run; read it inside a test or the seed`)
}

/**
 * Registers the test file's hooks: before, the real server on a fresh database, then the tenants
 * (in the order given), then `seed`; after, the server stops.
 */
export function useTestServer<const Name extends string = never>(setup: TestServerSetup<Name> = {}): TestEnv<Name> {
  const tenantNames = Object.entries<string>(setup.tenants ?? {})
  let server: TestServer | undefined
  const tenants = new Map<string, TestTenant>()
  before(async () => {
    const started = await startTestServer(setup.config)
    server = started
    for (const [key, name] of tenantNames) tenants.set(key, await createTenant(started, name))
    await setup.seed?.()
  })
  after(() => server?.stop())

  const env = {}
  Object.defineProperty(env, 'server', { enumerable: true, get: () => server ?? notStarted('server') })
  for (const [key] of tenantNames) {
    if (key === 'server') throw new Error('useTestServer: "server" cannot name a tenant')
    Object.defineProperty(env, key, { enumerable: true, get: () => tenants.get(key) ?? notStarted(`tenant ${key}`) })
  }
  return env as TestEnv<Name>
}
