// Open-loop load at one request per second per connection, the connections' seconds evenly staggered:
// one autocannon instance per connection (overallRate 1), started 1/connections of a second apart,
// their results merged. A single instance with overallRate = connections would fire every connection
// at the same instant each second, a burst of `connections` requests rather than a steady rate.
import autocannon from 'autocannon'

type SetupRequest = (request: autocannon.Request) => autocannon.Request

const { aggregateResult } = autocannon as unknown as {
  aggregateResult(results: autocannon.Result[], options: { url: string; connections: number }): autocannon.Result
}

export interface PacedLoad {
  url: string
  method?: 'GET' | 'POST'
  connections: number
  duration: number
  /** Builds connection `index`'s requests. */
  setupRequestFor?: (index: number) => SetupRequest
}

const after = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

async function runConnection(load: PacedLoad, index: number) {
  await after((index * 1000) / load.connections)
  const setupRequest = load.setupRequestFor?.(index)
  return autocannon({
    url: load.url,
    method: load.method ?? 'GET',
    connections: 1,
    overallRate: 1,
    duration: load.duration,
    // One send on connecting and one a second; without the cap, the order of autocannon's timers at
    // the end could let one more through.
    maxOverallRequests: load.duration + 1,
    // autocannon 9 corrects for coordinated omission with an expected interval of 1/rate ms (1 ms at
    // 1 a second), filling the histogram with made-up samples; here a request goes out late only
    // when the one before it took over a second.
    ignoreCoordinatedOmission: true,
    skipAggregateResult: true,
    ...(setupRequest ? { requests: [{ setupRequest }] } : {}),
  })
}

/** The merged result; `requests.average` is the whole run's rate. */
export async function runPaced(load: PacedLoad): Promise<autocannon.Result> {
  const results = await Promise.all(Array.from({ length: load.connections }, (_, index) => runConnection(load, index)))
  const merged = aggregateResult(results, { url: load.url, connections: load.connections })
  return { ...merged, requests: { ...merged.requests, average: merged.requests.total / load.duration } }
}
