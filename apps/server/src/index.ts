// What other workspaces (examples, benchmarks) may use to run a real ECODrIx server in-process.
export type { Config } from './config/config-schema'
export { ConfigError, loadConfig } from './config/load-config'
export { type RunningServer, type StartOptions, startServer } from './server'
