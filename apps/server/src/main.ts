import { existsSync } from 'node:fs'
import { adminKeyNotice, ConfigError, loadConfig } from './config/load-config'
import { removeEmbeddedPostgresSignalHooks } from './platform/database/embedded-postgres'
import { MasterKeyMismatchError } from './platform/database/master-key-check'
import { type RunningServer, startServer } from './server'

async function main(): Promise<void> {
  if (existsSync('.env')) process.loadEnvFile('.env')
  const { config, storedAdminKey } = loadConfig(process.env)
  const starting = startServer(config)
  stopOnSignals(starting)
  const server = await starting
  if (server.url) console.log(`\nECODrIx API listening on ${server.url}  (spec: ${server.url}/openapi.json)`)
  if (storedAdminKey) console.log(adminKeyNotice(config.adminKey, storedAdminKey))
}

/**
 * From the start on, SIGTERM, SIGINT or SIGHUP (its terminal closed) stops the server in its own
 * order (ADR 0015), then exits 0.
 * A repeated signal does not cut that short: Ctrl-C under `npm start` arrives twice (from the
 * terminal and from npm), and every step of the shutdown has its own time limit.
 */
function stopOnSignals(starting: Promise<RunningServer>): void {
  removeEmbeddedPostgresSignalHooks()
  let signalled = false
  const shutdown = (signal: NodeJS.Signals) => {
    if (signalled) return
    signalled = true
    starting.then(
      (server) => {
        server.platform.logger.info({ signal }, 'signal received')
        server.stop().then(
          () => process.exit(0),
          (error: unknown) => {
            server.platform.logger.error({ err: error }, 'shutdown failed')
            process.exit(1)
          },
        )
      },
      () => undefined, // main reports the failed start
    )
  }
  for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) process.on(signal, shutdown)
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof MasterKeyMismatchError) {
    console.error(`ECODrIx cannot start: ${error.message}`)
  } else {
    console.error('ECODrIx failed to start:', error)
  }
  process.exit(1)
})
