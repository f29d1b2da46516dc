// The server as its own process on its own embedded PostgreSQL (own data dir, own port), stopped
// the ways an operator stops it: SIGTERM to the server or to `npm start` under load, and kill -9.
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { rmSync } from 'node:fs'
import { Agent, request as httpRequest } from 'node:http'
import { after, test } from 'node:test'
import { request } from '../helpers/http'
import { childPids, isRunning, listeningUrl, postmasterPid, type ServerProcess, startServerProcess } from '../helpers/server-process'
import { uniqueCode } from '../helpers/tenants'
import { tempDataDir } from '../helpers/test-server'
import { waitFor } from '../helpers/wait-for'

// One data dir, so one initdb, for every start in this file.
const dataDir = tempDataDir()
const adminKey = `adm_${randomBytes(24).toString('base64url')}`
const env = {
  ECODRIX_DATA_DIR: dataDir,
  PORT: '0',
  HOST: '127.0.0.1',
  ECODRIX_ADMIN_KEY: adminKey,
  ECODRIX_MASTER_KEY: randomBytes(32).toString('hex'),
  ECODRIX_TRIGGER_RATE_LIMIT: '1000000',
  // The worker may hold all but two pooled connections: with the default 10, on a busy machine 20
  // clients waited past the pool's 5 s connection timeout (500s), a matter of capacity, not shutdown.
  ECODRIX_DB_POOL_MAX: '40',
}
const started: ServerProcess[] = []
const start = (how: 'node' | 'npm start' = 'node') => {
  const server = startServerProcess(env, how)
  started.push(server)
  return server
}
after(() => {
  // A failed test leaves nothing running behind it.
  const servers = started.flatMap(({ child }) => [child.pid!, ...childPids(child.pid!)])
  for (const pid of servers.filter(isRunning)) process.kill(pid, 'SIGKILL')
  const postmaster = postmasterPid(dataDir)
  if (postmaster && isRunning(postmaster)) process.kill(postmaster, 'SIGINT')
  rmSync(dataDir, { recursive: true, force: true })
})
const admin = { authorization: `Bearer ${adminKey}` }

async function createClient(url: string, clientCode: string): Promise<Record<string, string>> {
  const created = await request({ url }, 'POST', '/api/clients', { headers: admin, json: { name: 'Drain Clinic', clientCode } })
  assert.equal(created.status, 201, JSON.stringify(created.body))
  return { 'x-api-key': created.body.data.apiKey, 'x-client-code': clientCode }
}

/**
 * What one request came to. A request is sent once its connection is up (a new one connected, or
 * a kept-alive one reused); one that never got a connection (the server no longer accepts) is
 * refused. A sent request must get an answer.
 */
type Outcome = { status: number; body: string } | { refused: true } | { unanswered: string }

function post(agent: Agent, url: string, path: string, headers: Record<string, string>, json: unknown): Promise<Outcome> {
  const payload = JSON.stringify(json)
  return new Promise((resolve) => {
    let sent = false
    const req = httpRequest(
      new URL(path, url),
      { method: 'POST', agent, headers: { ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } },
      (res) => {
        let body = ''
        res.on('data', (chunk) => (body += chunk))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }))
        res.on('error', (error) => resolve({ unanswered: `answer cut off: ${error.message}` }))
      },
    )
    req.on('socket', (socket) => (req.reusedSocket ? (sent = true) : socket.once('connect', () => (sent = true))))
    req.on('error', (error: NodeJS.ErrnoException) => resolve(sent ? { unanswered: `${error.code ?? error.message} after sending` } : { refused: true }))
    req.end(payload)
  })
}

interface Tally {
  answered: number
  answeredAfterSignal: number
  failures: string[]
  signalled: boolean
}

/** One keep-alive client firing triggers (each creating a lead and a job) and lead creates, one after another, until refused. */
async function keepFiring(url: string, headers: Record<string, string>, client: number, tally: Tally): Promise<void> {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 })
  try {
    for (let i = 0; ; i++) {
      const phone = `+9198${String(client * 100_000 + i).padStart(8, '0')}`
      const outcome =
        i % 2 === 0
          ? await post(agent, url, '/api/saas/workflows/trigger', headers, { trigger: 'drain_test', phone, createLeadIfMissing: true, leadData: { firstName: 'Drain' } })
          : await post(agent, url, '/api/crm/leads', headers, { firstName: 'Drain', phone })
      if ('refused' in outcome) return
      if ('unanswered' in outcome) tally.failures.push(outcome.unanswered)
      else if (outcome.status >= 300) tally.failures.push(`${outcome.status} ${outcome.body.slice(0, 200)}`)
      else {
        tally.answered += 1
        if (tally.signalled) tally.answeredAfterSignal += 1
      }
    }
  } finally {
    agent.destroy()
  }
}

async function signalUnderLoad(how: 'node' | 'npm start') {
  const server = start(how)
  const url = await listeningUrl(server)
  const headers = await createClient(url, uniqueCode('drain'))
  const rule = await request({ url }, 'POST', '/api/crm/automations', {
    headers,
    json: { name: 'Tag drained', trigger: 'drain_test', actions: [{ type: 'add_tag', config: { tag: 'drained' } }] },
  })
  assert.equal(rule.status, 201, JSON.stringify(rule.body))
  const postmaster = postmasterPid(dataDir)!
  // Under npm start the server is npm's only child (its shell exec'd it).
  const serverPid = how === 'node' ? server.child.pid! : childPids(server.child.pid!)[0]!
  assert.ok(isRunning(postmaster) && isRunning(serverPid))

  const tally: Tally = { answered: 0, answeredAfterSignal: 0, failures: [], signalled: false }
  const clients = Array.from({ length: 20 }, (_, client) => keepFiring(url, headers, client, tally))
  await waitFor('the load to build up', () => tally.answered >= 100 || tally.failures.length > 0, 60_000)
  tally.signalled = true
  server.child.kill('SIGTERM')
  await Promise.all(clients)
  const code = await server.exited()

  assert.deepEqual(tally.failures, [], `every request sent was answered 2xx; the server said:\n${server.output().slice(-4_000)}`)
  assert.ok(tally.answeredAfterSignal > 0, 'requests in flight at the signal were answered')
  assert.equal(code, 0, server.output())
  assert.ok(!isRunning(serverPid), 'the server exited')
  assert.ok(!isRunning(postmaster), 'its PostgreSQL stopped')
  assert.equal(postmasterPid(dataDir), undefined, 'PostgreSQL shut down cleanly (no lock file left)')
}

test('SIGTERM to the server under 20 keep-alive clients: every request sent is answered, exit 0, PostgreSQL stopped', async () => {
  await signalUnderLoad('node')
})

test('SIGTERM to npm start reaches the server: the same drain, nothing left running', async () => {
  await signalUnderLoad('npm start')
})

test('after kill -9 the next start recovers the cluster: a PostgreSQL left running is stopped, a stale lock file replaced', async () => {
  const clientCode = uniqueCode('survivor')
  const first = start()
  await createClient(await listeningUrl(first), clientCode)
  const orphan = postmasterPid(dataDir)!
  first.child.kill('SIGKILL')
  await first.exited()
  assert.ok(isRunning(orphan), 'the killed server left its PostgreSQL running')

  const second = start()
  const secondUrl = await listeningUrl(second)
  assert.ok(!isRunning(orphan), 'the PostgreSQL left running was stopped')
  assert.equal((await request({ url: secondUrl }, 'GET', `/api/clients/${clientCode}`, { headers: admin })).status, 200)

  // Server and PostgreSQL both killed: the lock file names a process that is gone.
  const postmaster = postmasterPid(dataDir)!
  const backends = childPids(postmaster)
  second.child.kill('SIGKILL')
  process.kill(postmaster, 'SIGKILL')
  await second.exited()
  await waitFor('the killed PostgreSQL and its backends to be gone', () => ![postmaster, ...backends].some(isRunning))
  assert.equal(postmasterPid(dataDir), postmaster, 'a stale lock file is left')

  const third = start()
  const thirdUrl = await listeningUrl(third)
  assert.equal((await request({ url: thirdUrl }, 'GET', `/api/clients/${clientCode}`, { headers: admin })).status, 200)
  const running = postmasterPid(dataDir)!
  third.child.kill('SIGTERM')
  assert.equal(await third.exited(), 0, third.output())
  assert.ok(!isRunning(running))
})
