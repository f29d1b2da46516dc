// Worker wake-ups: each NOTIFY of a new job wakes a claim loop. A burst must neither start a loop
// per notification (they would contend for the pool) nor lose a job.
import assert from 'node:assert/strict'
import { Writable } from 'node:stream'
import { after, test } from 'node:test'
import { InMemoryNotificationChannel, type JobNotification } from 'agenda'
import pino from 'pino'
import { z } from 'zod'
import { defineJob } from '../../src/platform/jobs/define-job'
import { coalesceWakeUps } from '../../src/platform/jobs/coalesce-wake-ups'
import { startTestServer } from '../helpers/test-server'
import { waitFor } from '../helpers/wait-for'

const wakeUp = (jobName: string, nextRunAt: Date | null = null): JobNotification => ({
  jobId: crypto.randomUUID() as JobNotification['jobId'],
  jobName,
  nextRunAt,
  priority: 0,
  timestamp: new Date(),
})

test('while a claim loop for a job name runs, any number of wake-ups for it lead to one more loop, which sees the earliest due', async () => {
  const channel = new InMemoryNotificationChannel()
  coalesceWakeUps(channel)
  await channel.connect()
  let running = 0
  let mostAtOnce = 0
  const loops: JobNotification[] = []
  let releaseFirst!: () => void
  const firstHeld = new Promise<void>((resolve) => (releaseFirst = resolve))
  channel.subscribe(async (notification) => {
    running += 1
    mostAtOnce = Math.max(mostAtOnce, running)
    loops.push(notification)
    if (loops.length === 1) await firstHeld
    running -= 1
  })

  const first = channel.publish(wakeUp('workflows.run-event'))
  const later = wakeUp('workflows.run-event', new Date(Date.now() + 3_600_000))
  const now = wakeUp('workflows.run-event')
  const burst = [later, now, ...Array.from({ length: 98 }, () => wakeUp('workflows.run-event', new Date(Date.now() + 60_000)))]
  await Promise.all(burst.map((notification) => channel.publish(notification)))
  const otherName = channel.publish(wakeUp('callbacks.deliver'))
  releaseFirst()
  await Promise.all([first, otherName])

  const runEventLoops = loops.filter((loop) => loop.jobName === 'workflows.run-event')
  assert.equal(runEventLoops.length, 2, 'the held loop, then one loop for the 100 wake-ups that came meanwhile')
  assert.equal(runEventLoops[1], now, 'the loop after it is woken for the job due first')
  assert.equal(loops.filter((loop) => loop.jobName === 'callbacks.deliver').length, 1, 'another job name has its own loop')
  assert.equal(mostAtOnce, 2, 'one loop per job name at a time')
  await channel.disconnect()
})

test('a burst of jobs larger than the pool runs every job exactly once, without the scheduler waiting out a connection', async () => {
  const errors: string[] = []
  const log = new Writable({
    write(chunk, _encoding, done) {
      errors.push(String(chunk))
      done()
    },
  })
  const server = await startTestServer({ role: 'all', dbPoolMax: 3 }, { logger: pino({ level: 'error' }, log) })
  after(() => server.stop())
  const runs = new Map<number, number>()
  const burstJob = defineJob({
    name: 'test.burst',
    data: z.object({ n: z.number().int() }),
    async run(_platform, { n }) {
      runs.set(n, (runs.get(n) ?? 0) + 1)
    },
  })
  await server.platform.jobs.register(server.platform, [burstJob])

  const count = 300
  await Promise.all(Array.from({ length: count }, (_, n) => server.platform.jobs.enqueue(burstJob, { n })))
  await waitFor('every job of the burst to run', () => runs.size === count, 60_000)
  assert.ok([...runs.values()].every((times) => times === 1), 'no job ran twice')
  assert.deepEqual(errors, [], 'no scheduler error (a claim waiting out the pool fails with one)')
})
