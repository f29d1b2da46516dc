// For examples and integrations: a real ECODrIx server in this process, on a random port: embedded PostgreSQL in a temporary data
// dir, or the PostgreSQL server DATABASE_URL names when it is set.
import { chmodSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { loadConfig } from '../config/load-config'
import { startServer } from '../server'

export interface ThrowAwayServer {
  url: string
  adminKey: string
  stop(): Promise<void>
}

/** `env` adds server settings, e.g. `{ ECODRIX_ALLOW_PRIVATE_CALLBACKS: 'true' }` for a callback receiver on localhost. */
export async function startThrowAwayServer(env: Record<string, string> = {}): Promise<ThrowAwayServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'ecodrix-example-'))
  // Tests run as root and PostgreSQL as `postgres`, which must be able to traverse the data dir.
  chmodSync(dataDir, 0o755)
  const removeDataDir = () => rmSync(dataDir, { recursive: true, force: true })
  const { config } = loadConfig({
    ECODRIX_DATA_DIR: dataDir,
    PORT: '0',
    HOST: '127.0.0.1',
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DATABASE_URL: process.env.DATABASE_URL,
    // A database set up before needs the master key it was set up with.
    ECODRIX_MASTER_KEY: process.env.ECODRIX_MASTER_KEY,
    ...env,
  })
  try {
    const server = await startServer(config)
    if (!server.url) throw new Error('the server has no HTTP listener')
    return {
      url: server.url,
      adminKey: config.adminKey,
      stop: () => server.stop().finally(removeDataDir),
    }
  } catch (error) {
    removeDataDir()
    throw error
  }
}
