import { existsSync } from 'node:fs'
import { ConfigError, loadConfig } from './config/load-config'
import { MasterKeyMismatchError } from './platform/database/master-key-check'
import { startServer } from './server'

async function main(): Promise<void> {
  if (existsSync('.env')) process.loadEnvFile('.env')
  const { config, generatedKeysFile } = loadConfig(process.env)
  const server = await startServer(config)
  if (server.url) console.log(`\nECODrIx API listening on ${server.url}  (spec: ${server.url}/openapi.json)`)
  if (generatedKeysFile) {
    console.log(`Admin key: ${config.adminKey}\n  (kept in ${generatedKeysFile}; set ECODRIX_ADMIN_KEY to use your own)\n`)
  }
  let signals = 0
  const shutdown = (signal: string) => {
    signals += 1
    if (signals > 1) process.exit(1)
    server.platform.logger.info({ signal }, 'signal received')
    server.stop().then(
      () => process.exit(0),
      (error) => {
        server.platform.logger.error({ err: error }, 'shutdown failed')
        process.exit(1)
      },
    )
  }
  process.on('SIGTERM', () => shutdown('SIGTERM'))
  process.on('SIGINT', () => shutdown('SIGINT'))
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof MasterKeyMismatchError) {
    console.error(`ECODrIx cannot start: ${error.message}`)
  } else {
    console.error('ECODrIx failed to start:', error)
  }
  process.exit(1)
})
