// Triggers sent over a fixed number of keep-alive connections, either paced (an open loop at `rate`
// a second, each send at its slot or as soon as a connection is free after it) or, without a rate, as
// fast as the answers come back (a closed loop). The caller can pause the sending, e.g. while the
// backlog is over a cap, so the worker is never offered more than it can finish. Plain node:http
// rather than autocannon: a pause must hold sends back, not end the run.
import { Agent, request } from 'node:http'
import { performance } from 'node:perf_hooks'

export interface TriggerRequest {
  headers: Record<string, string>
  body: string
}

export interface LoadOptions {
  url: string
  connections: number
  /** Triggers a second; unset for a closed loop. */
  rate?: number
  /** Stops after this many sends; unset to run until `stop()`. */
  count?: number
  /** POST unless given. */
  method?: string
  next(): TriggerRequest
}

export interface Answer {
  /** performance.now() when the answer (or the error) came. */
  at: number
  ms: number
  /** HTTP status, 0 for a connection error. */
  status: number
}

export interface Load {
  answers: Answer[]
  pause(): void
  resume(): void
  isPaused(): boolean
  /** Milliseconds spent paused so far. */
  pausedMs(): number
  /** Resolves once `count` triggers are answered (never without a count). */
  done: Promise<void>
  /** Stops sending and waits for the answers in flight. */
  stop(): Promise<void>
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

function send(agent: Agent, target: URL, method: string, trigger: TriggerRequest): Promise<number> {
  return new Promise((resolve) => {
    const outgoing = request(
      {
        agent,
        host: target.hostname,
        port: target.port,
        path: target.pathname,
        method,
        headers: { ...trigger.headers, 'content-length': Buffer.byteLength(trigger.body) },
      },
      (incoming) => {
        incoming.resume()
        incoming.on('end', () => resolve(incoming.statusCode ?? 0))
        incoming.on('error', () => resolve(0))
      },
    )
    outgoing.on('error', () => resolve(0))
    outgoing.end(trigger.body)
  })
}

export function startLoad(options: LoadOptions): Load {
  const target = new URL(options.url)
  const agent = new Agent({ keepAlive: true, maxSockets: options.connections })
  const answers: Answer[] = []
  let stopped = false
  let sent = 0
  // Paced slots count from `scheduleStart`; a pause restarts the schedule rather than bursting to catch up.
  let scheduleStart = performance.now()
  let slotsSinceStart = 0
  let gate: { opened: Promise<void>; open(): void; since: number } | undefined
  let pausedTotal = 0

  const takeSlot = async () => {
    while (gate) await gate.opened
    if (!options.rate) return
    const slotAt = scheduleStart + (slotsSinceStart++ * 1000) / options.rate
    const wait = slotAt - performance.now()
    if (wait > 0) await sleep(wait)
  }
  const connection = async () => {
    while (!stopped && (options.count === undefined || sent < options.count)) {
      sent += 1
      await takeSlot()
      if (stopped) return
      const started = performance.now()
      const status = await send(agent, target, options.method ?? 'POST', options.next())
      const at = performance.now()
      answers.push({ at, ms: at - started, status })
    }
  }
  const running = Promise.all(Array.from({ length: options.connections }, connection)).then(() => agent.destroy())

  const pause = () => {
    if (gate) return
    let open = () => {}
    const opened = new Promise<void>((resolve) => (open = resolve))
    gate = { opened, open, since: performance.now() }
  }
  const resume = () => {
    if (!gate) return
    pausedTotal += performance.now() - gate.since
    const { open } = gate
    gate = undefined
    scheduleStart = performance.now()
    slotsSinceStart = 0
    open()
  }
  return {
    answers,
    pause,
    resume,
    isPaused: () => gate !== undefined,
    pausedMs: () => pausedTotal + (gate ? performance.now() - gate.since : 0),
    done: options.count === undefined ? new Promise(() => {}) : running,
    async stop() {
      stopped = true
      resume()
      await running
    },
  }
}

/** The answers that came between two performance.now() instants. */
export const answersBetween = (answers: Answer[], from: number, to: number) => answers.filter((answer) => answer.at >= from && answer.at < to)
