import { spawn } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after } from 'node:test'
import { createEcodrix, createEcodrixAdmin } from '@ecodrix/sdk'
import { startThrowAwayServer } from '@ecodrix/server/testing'

const bin = new URL('../bin/ecodrix.js', import.meta.url).pathname

export interface CliRun {
  code: number | null
  stdout: string
  stderr: string
}

/** A running `ecodrix …`: its output so far, a wait for a line, and a stop. */
export interface RunningCli {
  output(): string
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<string>
  /** Interrupts it (Ctrl-C) unless it has ended; how it ended. */
  stop(): Promise<CliRun>
  readonly exited: Promise<CliRun>
}

/** Every run gets a config dir of its own unless the test passes one, and never the developer's ECODRIX_* variables. */
function cliEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('ECODRIX_')))
  return { ...inherited, NO_COLOR: '1', XDG_CONFIG_HOME: mkdtempSync(join(tmpdir(), 'ecodrix-cli-')), ...env }
}

export function startCli(args: string[], env: Record<string, string> = {}): RunningCli {
  const child = spawn(process.execPath, [bin, ...args], { env: cliEnv(env), stdio: ['ignore', 'pipe', 'pipe'] })
  let stdout = ''
  let stderr = ''
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk))
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
  const exited = new Promise<CliRun>((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })))
  return {
    exited,
    output: () => stdout,
    async waitFor(pattern, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs
      while (Date.now() < deadline) {
        const match = pattern.exec(stdout)
        if (match) return match[0]
        if (child.exitCode !== null) break
        await new Promise((resolve) => setTimeout(resolve, 100))
      }
      throw new Error(`no ${pattern} in the output of ecodrix ${args.join(' ')}:\n${stdout}\n${stderr}`)
    },
    stop() {
      if (child.exitCode === null) child.kill('SIGINT')
      return exited
    },
  }
}

/** Runs `ecodrix …` to its end. */
export const runCli = (args: string[], env: Record<string, string> = {}) => startCli(args, env).exited

/** A throw-away server (stopped after the file's tests) with one tenant, and the CLI environment that names it. */
export async function serverWithTenant(serverEnv: Record<string, string> = {}) {
  const server = await startThrowAwayServer(serverEnv)
  after(() => server.stop())
  const admin = createEcodrixAdmin({ baseUrl: server.url, adminKey: server.adminKey })
  const tenant = await admin.POST('/api/clients', { body: { name: 'CLI Clinic' } })
  const erix = createEcodrix({ baseUrl: server.url, apiKey: tenant.apiKey, clientCode: tenant.clientCode })
  const env = { ECODRIX_API_URL: server.url, ECODRIX_API_KEY: tenant.apiKey, ECODRIX_CLIENT_CODE: tenant.clientCode }
  return { server, tenant, erix, env }
}
