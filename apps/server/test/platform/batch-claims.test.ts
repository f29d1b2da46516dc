// The batch worker's claim: one statement takes several due jobs with `skip locked`, so workers on
// one database share the queue without running a job twice, and a job whose worker died is taken
// again once its lease ends.
import assert from 'node:assert/strict'
import { after, test } from 'node:test'
import { sql } from 'kysely'
import pino from 'pino'
import { z } from 'zod'
import { createKysely, createPool } from '../../src/platform/database/connect'
import { createBatchWorker } from '../../src/platform/jobs/batch-worker'
import { defineJob } from '../../src/platform/jobs/define-job'
import { startTestServer } from '../helpers/test-server'
import { waitFor } from '../helpers/wait-for'

const server = await startTestServer()
after(() => server.stop())
const logger = pino({ level: 'silent' })

/** A worker of its own (own pool, as another node would have), stopped with the suite. */
function startWorker(holder: string, jobs: Parameters<ReturnType<typeof createBatchWorker>['define']>[1], leaseMs = 60_000, scanEveryMs = 50) {
  const pool = createPool(server.config.databaseUrl!, 4)
  const worker = createBatchWorker({ db: createKysely(pool), logger, holder, concurrency: 3, leaseMs, scanEveryMs })
  worker.define(server.platform, jobs)
  worker.start()
  after(async () => {
    await worker.stop(0)
    await pool.end()
  })
  return worker
}

const status = async (jobId: string) => (await server.platform.jobs.status(jobId))?.status

test('two workers claiming the same queue run each of 400 jobs exactly once, and every job ends completed', async () => {
  const runs = new Map<number, string[]>()
  const job = (holder: string) =>
    defineJob({
      name: 'test.shared-queue',
      data: z.object({ n: z.number().int() }),
      batchClaimed: true,
      async run(_platform, { n }) {
        runs.set(n, [...(runs.get(n) ?? []), holder])
        await new Promise((resolve) => setTimeout(resolve, n % 3))
      },
    })
  const ids = await Promise.all(Array.from({ length: 400 }, (_, n) => server.platform.jobs.enqueue(job('enqueuer'), { n })))
  startWorker('worker-a', [job('worker-a')])
  startWorker('worker-b', [job('worker-b')])

  await waitFor('every job to run', () => runs.size === 400, 60_000)
  assert.ok([...runs.values()].every((holders) => holders.length === 1), 'no job ran twice')
  const holders = new Set([...runs.values()].flat())
  assert.deepEqual([...holders].sort(), ['worker-a', 'worker-b'], 'both workers took a share')
  await waitFor('every job to be recorded completed', async () => {
    const { rows } = await sql<{ open: number }>`
      select count(*)::int as open from agenda_jobs where id = any(${ids}::uuid[]) and last_finished_at is null`.execute(server.platform.db)
    return rows[0]?.open === 0
  })
  assert.equal(await status(ids[0]!), 'completed')
})

test("a job whose worker died mid-run is claimed again by another worker once the lease ends, not before", async () => {
  const leaseMs = 1_000
  const ranOn: string[] = []
  const job = (holder: string, hang: boolean) =>
    defineJob({
      name: 'test.lease',
      data: z.object({}),
      batchClaimed: true,
      async run() {
        ranOn.push(holder)
        if (hang) await new Promise(() => {})
      },
    })
  const jobId = await server.platform.jobs.enqueue(job('enqueuer', false), {})
  const dying = createBatchWorker({ db: server.platform.db, logger, holder: 'dying', concurrency: 1, leaseMs, scanEveryMs: 50 })
  dying.define(server.platform, [job('dying', true)])
  dying.start()
  await waitFor('the first worker to start the job', () => ranOn.length === 1)
  assert.equal(await status(jobId), 'processing')
  const claimedAt = (await server.platform.jobs.status(jobId))!.lastRunAt!
  // It dies: its lease is no longer renewed, the job stays claimed.
  await dying.stop(0)

  startWorker('survivor', [job('survivor', false)], leaseMs)
  await waitFor('the job to be run again and completed', async () => (await status(jobId)) === 'completed')
  assert.deepEqual(ranOn, ['dying', 'survivor'])
  const reclaimedAt = (await server.platform.jobs.status(jobId))!.lastRunAt!
  assert.ok(Date.parse(reclaimedAt) - Date.parse(claimedAt) >= leaseMs, 'claimed again only after the lease')
})

test('a batch-claimed job reads queued while it waits, processing while it runs, completed or failed once done', async () => {
  let release!: () => void
  const released = new Promise<void>((resolve) => (release = resolve))
  const job = defineJob({
    name: 'test.states',
    data: z.object({ outcome: z.enum(['ok', 'fail']) }),
    batchClaimed: true,
    async run(_platform, { outcome }) {
      await released
      if (outcome === 'fail') throw new Error('the work broke')
    },
  })
  const later = await server.platform.jobs.enqueue(job, { outcome: 'ok' }, { at: new Date(Date.now() + 3_600_000) })
  const succeeding = await server.platform.jobs.enqueue(job, { outcome: 'ok' })
  const failing = await server.platform.jobs.enqueue(job, { outcome: 'fail' })
  startWorker('states', [job])

  await waitFor('both due jobs to run', async () => (await status(succeeding)) === 'processing' && (await status(failing)) === 'processing')
  assert.equal(await status(later), 'queued', 'a job due later waits')
  release()
  await waitFor('both to finish', async () => (await status(succeeding)) === 'completed' && (await status(failing)) === 'failed')
  const failed = await server.platform.jobs.status(failing)
  assert.equal(failed?.lastError, 'the work broke')
  assert.equal(failed?.attempts, 1)
  assert.equal(await status(later), 'queued')
})

test('a job with a batch runs its claimed jobs together: a job that fails fails alone, and a batch that throws runs its jobs one by one', async () => {
  const batches: number[][] = []
  const alone: number[] = []
  const job = defineJob({
    name: 'test.batched',
    data: z.object({ n: z.number().int() }),
    batchClaimed: true,
    async run(_platform, { n }) {
      alone.push(n)
    },
    batch: {
      size: 10,
      async run(_platform, jobs) {
        const ns = jobs.map((claimed) => claimed.data.n)
        batches.push(ns)
        // 99 and 100 may be claimed together or apart: any batch holding one throws.
        if (ns.some((n) => n >= 99)) throw new Error('the whole batch failed')
        return ns.map((n) => (n === 7 ? new Error('seven fails') : undefined))
      },
    },
  })
  const ids = await Promise.all(Array.from({ length: 25 }, (_, n) => server.platform.jobs.enqueue(job, { n })))
  const malformed = await server.platform.jobs.enqueue({ ...job, data: z.object({ n: z.string() }) }, { n: 'not a number' })
  startWorker('batcher', [job])
  await waitFor('every job to finish', async () => (await Promise.all([...ids, malformed].map(status))).every((s) => s === 'completed' || s === 'failed'))

  assert.ok(batches.every((batch) => batch.length <= 10), 'no batch over its size')
  assert.ok(batches.some((batch) => batch.length > 1), 'jobs claimed together ran together')
  assert.deepEqual(batches.flat().sort((a, b) => a - b), Array.from({ length: 25 }, (_, n) => n), 'each job in one batch, once')
  assert.equal(await status(ids[7]!), 'failed')
  assert.equal((await server.platform.jobs.status(ids[7]!))?.lastError, 'seven fails')
  assert.equal(await status(malformed), 'failed', 'a job whose data does not parse fails alone')
  assert.equal((await Promise.all(ids.filter((_, n) => n !== 7).map(status))).filter((s) => s !== 'completed').length, 0)
  assert.equal(alone.length, 0, 'no job ran alone while its batch worked')

  const [thrower] = await Promise.all([server.platform.jobs.enqueue(job, { n: 99 }), server.platform.jobs.enqueue(job, { n: 100 })])
  await waitFor('the thrown batch to be run one by one', () => alone.includes(99) && alone.includes(100))
  await waitFor('its jobs to complete', async () => (await status(thrower!)) === 'completed')
})

function groupedJob(name: string, batches: string[][]) {
  return defineJob({
    name,
    data: z.object({ tenant: z.string(), n: z.number().int() }),
    batchClaimed: true,
    async run() {},
    batch: {
      size: 50,
      groupBy: 'tenant',
      async run(_platform, jobs) {
        batches.push(jobs.map((claimed) => claimed.data.tenant))
        return jobs.map(() => undefined)
      },
    },
  })
}

test("a batch grouped by a data key holds only jobs sharing the oldest due job's value", async () => {
  const batches: string[][] = []
  const job = groupedJob('test.grouped', batches)
  const ids: string[] = []
  for (let n = 0; n < 30; n++) ids.push(await server.platform.jobs.enqueue(job, { tenant: ['a', 'b', 'c'][n % 3]!, n }))
  startWorker('grouper', [job])
  await waitFor('every job to complete', async () => (await Promise.all(ids.map(status))).every((s) => s === 'completed'))
  assert.ok(batches.every((batch) => new Set(batch).size === 1), `mixed batch in ${JSON.stringify(batches)}`)
  assert.equal(batches.flat().length, 30)
  assert.ok(batches.some((batch) => batch.length === 10), 'a group claimed whole')
})

test('one wake-up runs every group that is due: a grouped claim that took one group asks again for the others', async () => {
  const batches: string[][] = []
  const job = groupedJob('test.grouped-wake', batches)
  const ids: string[] = []
  for (let n = 0; n < 20; n++) ids.push(await server.platform.jobs.enqueue(job, { tenant: `t${n % 5}`, n }))
  // No scan for the length of the test: only the start's own wake-up may claim.
  startWorker('one-wake', [job], 60_000, 3_600_000)
  await waitFor('every group to run', async () => (await Promise.all(ids.map(status))).every((s) => s === 'completed'))
  assert.equal(new Set(batches.flat()).size, 5)
})
