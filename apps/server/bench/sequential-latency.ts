// GET latency one request at a time (no queueing behind other requests), after a few warm-up ones.
import { performance } from 'node:perf_hooks'
import { percentile } from './tenant-event-logs'

const WARM_UP = 5

/** p50/p95 of `samples` GETs of `url` and the last answer's status. */
export async function sequentialLatency(url: string, headers: Record<string, string>, samples: number) {
  const times: number[] = []
  let status = 0
  for (let i = 0; i < samples + WARM_UP; i += 1) {
    const started = performance.now()
    const response = await fetch(url, { headers })
    await response.arrayBuffer()
    status = response.status
    if (i >= WARM_UP) times.push(performance.now() - started)
  }
  times.sort((a, b) => a - b)
  return { p50: percentile(times, 50), p95: percentile(times, 95), status }
}
