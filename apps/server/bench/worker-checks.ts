// What the worker node does with the triggers: how long until the tenants' queues are empty, and the
// time from a trigger to its immediate action being done.
import { type BenchTenant, callApi, mapConcurrently, type TriggerLedger } from './bench-tenants'

// The polling answers on the API node and reads the database the worker is draining: kept light
// (one request at a time, only tenants still waiting) so it does not slow the drain it measures.
const POLL_PARALLELISM = 1
const POLL_MS = 500
const ACTION_DEADLINE_MS = 10_000

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** Each tenant's jobs waiting or running (GET /api/saas/health/client). */
function queueDepths(url: string, tenants: BenchTenant[]): Promise<number[]> {
  return mapConcurrently(tenants, POLL_PARALLELISM, async (tenant) => {
    const health = await callApi(url, 'GET', '/api/saas/health/client', tenant.headers)
    return health.queueDepth as number
  })
}

/** Polls until the tenants' queues are all empty; `backlog` is what was queued at the first poll. */
export async function waitForEmptyQueues(url: string, tenants: BenchTenant[]): Promise<{ backlog: number; seconds: number }> {
  const started = Date.now()
  let depths = await queueDepths(url, tenants)
  const backlog = depths.reduce((sum, depth) => sum + depth, 0)
  for (let waiting = tenants.filter((_, index) => depths[index]! > 0); waiting.length > 0; ) {
    await sleep(POLL_MS)
    depths = await queueDepths(url, waiting)
    waiting = waiting.filter((_, index) => depths[index]! > 0)
  }
  return { backlog, seconds: (Date.now() - started) / 1000 }
}

/** From the event log's creation to the add_tag run's end, both on the server's clock. */
async function addTagDoneMs(url: string, tenant: BenchTenant, eventLogId: string): Promise<number> {
  const deadline = Date.now() + ACTION_DEADLINE_MS
  for (;;) {
    const log = await callApi(url, 'GET', `/api/saas/events/logs/${eventLogId}`, tenant.headers)
    const tag = log.actions.find((action: { type: string }) => action.type === 'add_tag')
    if (tag?.finishedAt) return new Date(tag.finishedAt).getTime() - new Date(log.createdAt).getTime()
    if (Date.now() > deadline) throw new Error(`event ${eventLogId} of ${tenant.clientCode} did not run its actions`)
    await sleep(50)
  }
}

/** Sequential triggers, 20 ms apart, to the ledger's tenants in turn; the latencies sorted. */
export async function measureActionLatency(url: string, ledger: TriggerLedger, samples: number, nextBody: () => string): Promise<number[]> {
  const fired: { tenant: BenchTenant; eventLogId: string }[] = []
  for (let i = 0; i < samples; i += 1) {
    const tenant = ledger.nextTenant()
    const { eventLogId } = await callApi(url, 'POST', '/api/saas/workflows/trigger', tenant.headers, JSON.parse(nextBody()))
    fired.push({ tenant, eventLogId })
    await sleep(20)
  }
  const measured: number[] = []
  for (const { tenant, eventLogId } of fired) measured.push(await addTagDoneMs(url, tenant, eventLogId))
  return measured.sort((a, b) => a - b)
}

export const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0
