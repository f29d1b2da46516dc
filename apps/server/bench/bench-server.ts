// The real server in child processes on a fresh embedded PostgreSQL (or DATABASE_URL), so the load
// generator does not share its CPU, plus a tenant to call it as (and a way to create more). With
// `separateWorker`, one node serves HTTP (ECODRIX_ROLE=api) and another runs the jobs (worker), as
// in production, on a cluster the bench starts with pg_stat_statements loaded.
import { type ChildProcessByStdio, spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { chmodSync, mkdtempSync, rmSync } from 'node:fs'
import { setPriority, tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Readable } from 'node:stream'
import pino from 'pino'
import { startEmbeddedPostgres } from '../src/platform/database/embedded-postgres'
import { type CpuMeter, createCpuMeter } from './cpu-meter'
import { statementStatsSettings } from './statement-stats'

export interface BenchServer {
  url: string
  adminKey: string
  /** Headers of the tenant 'bench', created at start. */
  tenantHeaders: Record<string, string>
  /** Creates a tenant (POST /api/clients with the admin key); answers the headers to call the API as it. */
  createTenant(clientCode: string): Promise<Record<string, string>>
  /** The server's database; undefined when a single node started its own embedded PostgreSQL. */
  databaseUrl: string | undefined
  /** CPU used by the server nodes and the embedded cluster (Linux only). */
  cpu: CpuMeter | undefined
  /** Freezes the worker node (SIGSTOP) until the answered function resumes it (SIGCONT): the API alone on the machine, as when workers run elsewhere. */
  pauseWorker(): () => void
  stop(): Promise<void>
}

type Node = ChildProcessByStdio<null, Readable, null>

function startNode(env: Record<string, string>): { child: Node; listening: Promise<string> } {
  // BENCH_SERVER_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" profiles the server.
  const nodeArgs = process.env.BENCH_SERVER_NODE_ARGS?.split(' ').filter(Boolean) ?? []
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', 'src/main.ts'], {
    cwd: join(import.meta.dirname, '..'),
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', ECODRIX_DB_POOL_MAX: '20', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  let output = ''
  const listening = new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (chunk) => {
      output += chunk
      if (process.env.BENCH_SERVER_LOG) process.stderr.write(chunk)
      const match = /listening on (http:\/\/\S+)/.exec(output)
      if (match?.[1]) resolve(match[1])
    })
    child.on('exit', (code) => reject(new Error(`server exited (${code}):\n${output}`)))
  })
  // A worker never listens; its exit at stop() is expected.
  listening.catch(() => undefined)
  return { child, listening }
}

async function createClient(url: string, adminKey: string, clientCode: string): Promise<Record<string, string>> {
  const created = await fetch(`${url}/api/clients`, {
    method: 'POST',
    headers: { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name: `Bench Clinic ${clientCode}`, clientCode }),
  })
  if (!created.ok) throw new Error(`POST /api/clients ${clientCode}: ${created.status} ${await created.text()}`)
  const { apiKey } = ((await created.json()) as { data: { apiKey: string } }).data
  return { 'x-api-key': apiKey, 'x-client-code': clientCode }
}

/** Sets the bench tenant's secrets (POST /api/clients/bench/secrets with the admin key); throws unless accepted. */
export async function setBenchSecrets(server: Pick<BenchServer, 'url' | 'adminKey'>, secrets: Record<string, unknown>): Promise<void> {
  const answer = await fetch(`${server.url}/api/clients/bench/secrets`, {
    method: 'POST',
    headers: { authorization: `Bearer ${server.adminKey}`, 'content-type': 'application/json' },
    body: JSON.stringify(secrets),
  })
  if (!answer.ok) throw new Error(`POST /api/clients/bench/secrets: ${answer.status} ${await answer.text()}`)
}

export const workerNice = Number(process.env.BENCH_WORKER_NICE ?? 10)

export async function startBenchServer(options: { env?: Record<string, string>; separateWorker?: boolean } = {}): Promise<BenchServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'ecodrix-bench-'))
  chmodSync(dataDir, 0o755)
  let databaseUrl = process.env.DATABASE_URL
  let stopCluster = async () => {}
  if (!databaseUrl && options.separateWorker) {
    const cluster = await startEmbeddedPostgres({
      dir: join(dataDir, 'postgres'),
      logger: pino({ level: 'silent' }),
      settings: statementStatsSettings,
    })
    databaseUrl = cluster.connectionString
    stopCluster = cluster.stop
  }
  const adminKey = randomBytes(24).toString('hex')
  const shared = {
    ECODRIX_ADMIN_KEY: adminKey,
    ECODRIX_MASTER_KEY: randomBytes(32).toString('hex'),
    ECODRIX_DATA_DIR: dataDir,
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
    ...options.env,
  }
  const api = startNode({ ...shared, ...(options.separateWorker ? { ECODRIX_ROLE: 'api' } : {}) })
  const url = await api.listening
  const nodes = [api.child]
  if (options.separateWorker) {
    const worker = startNode({ ...shared, ECODRIX_ROLE: 'worker' })
    // In production the worker has machines of its own; sharing this one, it yields the CPU to the
    // API node (BENCH_WORKER_NICE=0 lets them compete) and catches up when requests leave it room.
    if (worker.child.pid) setPriority(worker.child.pid, workerNice)
    nodes.push(worker.child)
  }
  const [apiNode, workerNode] = nodes
  const cpu = createCpuMeter(
    workerNode ? { API: apiNode?.pid, worker: workerNode.pid } : { server: apiNode?.pid },
    join(dataDir, 'postgres', 'cluster'),
  )
  const killOnExit = () => {
    for (const node of nodes) node.kill('SIGTERM')
  }
  process.on('exit', killOnExit)

  const createTenant = (clientCode: string) => createClient(url, adminKey, clientCode)
  const tenantHeaders = await createTenant('bench')

  const pauseWorker = () => {
    if (!workerNode) throw new Error('pauseWorker needs separateWorker')
    workerNode.kill('SIGSTOP')
    return () => void workerNode.kill('SIGCONT')
  }

  return {
    url,
    adminKey,
    pauseWorker,
    tenantHeaders,
    createTenant,
    databaseUrl,
    cpu,
    async stop() {
      process.off('exit', killOnExit)
      await Promise.all(
        nodes.map((node) => {
          node.kill('SIGTERM')
          return new Promise((resolve) => node.on('exit', resolve))
        }),
      )
      await stopCluster()
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
