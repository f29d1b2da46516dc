// The real server in a child process on a fresh embedded PostgreSQL (or DATABASE_URL), so the load
// generator does not share its CPU, plus a tenant to call it as.
import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { chmodSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export interface BenchServer {
  url: string
  adminKey: string
  tenantHeaders: Record<string, string>
  stop(): Promise<void>
}

export async function startBenchServer(env: Record<string, string> = {}): Promise<BenchServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'ecodrix-bench-'))
  chmodSync(dataDir, 0o755)
  const adminKey = randomBytes(24).toString('hex')
  // BENCH_SERVER_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" profiles the server.
  const nodeArgs = process.env.BENCH_SERVER_NODE_ARGS?.split(' ').filter(Boolean) ?? []
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', 'src/main.ts'], {
    cwd: join(import.meta.dirname, '..'),
    env: {
      ...process.env,
      ECODRIX_ADMIN_KEY: adminKey,
      ECODRIX_DATA_DIR: dataDir,
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      ECODRIX_DB_POOL_MAX: '20',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  let output = ''
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (chunk) => {
      output += chunk
      if (process.env.BENCH_SERVER_LOG) process.stderr.write(chunk)
      const match = /listening on (http:\/\/\S+)/.exec(output)
      if (match?.[1]) resolve(match[1])
    })
    child.on('exit', (code) => reject(new Error(`server exited (${code}):\n${output}`)))
  })
  const killOnExit = () => child.kill('SIGTERM')
  process.on('exit', killOnExit)

  const created = await fetch(`${url}/api/clients`, {
    method: 'POST',
    headers: { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'Bench Clinic', clientCode: 'bench' }),
  })
  const { apiKey } = ((await created.json()) as { data: { apiKey: string } }).data

  return {
    url,
    adminKey,
    tenantHeaders: { 'x-api-key': apiKey, 'x-client-code': 'bench' },
    async stop() {
      process.off('exit', killOnExit)
      child.kill('SIGTERM')
      await new Promise((resolve) => child.on('exit', resolve))
      rmSync(dataDir, { recursive: true, force: true })
    },
  }
}

/** One autocannon scenario's figures as a table row. */
export function row(name: string, result: { requests: { average: number }; latency: { p50: number; p99: number }; non2xx: number; errors: number }) {
  return [
    name.padEnd(54),
    String(Math.round(result.requests.average)).padStart(8),
    String(result.latency.p50).padStart(8),
    String(result.latency.p99).padStart(8),
    String(result.non2xx + result.errors).padStart(8),
  ].join(' ')
}

export const header = ['scenario'.padEnd(54), 'req/s'.padStart(8), 'p50 ms'.padStart(8), 'p99 ms'.padStart(8), 'non-2xx'.padStart(8)].join(' ')
