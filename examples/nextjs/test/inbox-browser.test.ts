// The inbox page in headless Chromium against a production build of this app and a real ECODrIx
// server (sandbox WhatsApp number): the page lists conversations by last message, shows a
// conversation, sends a reply, and follows it sent → delivered → read from the real-time socket,
// with no reload and without the API key ever reaching the browser.
import assert from 'node:assert/strict'
import { type ChildProcess, execFile, spawn } from 'node:child_process'
import { once } from 'node:events'
import { mkdirSync } from 'node:fs'
import { createServer } from 'node:net'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { after, before, test } from 'node:test'
import { createEcodrix, createEcodrixAdmin } from '@ecodrix/sdk'
import { startThrowAwayServer, type ThrowAwayServer } from '@ecodrix/server/testing'
import { inboundTextDelivery, metaSignature } from '@ecodrix/server/testing/whatsapp'
import { type Browser, chromium, type Page } from 'playwright-core'

const exampleDir = fileURLToPath(new URL('..', import.meta.url))
const artifactsDir = fileURLToPath(new URL('../test-artifacts/', import.meta.url))
const nextBin = createRequire(import.meta.url).resolve('next/dist/bin/next')
const PHONE_NUMBER_ID = '109876543210987'
const APP_SECRET = 'inbox-browser-app-secret'

// next build and next start run in production (a test runner's NODE_ENV=test would confuse them), without telemetry.
function nextEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { ...process.env, NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1', ...extra }
}

async function freePort(): Promise<number> {
  const probe = createServer().listen(0, '127.0.0.1')
  await once(probe, 'listening')
  const { port } = probe.address() as { port: number }
  probe.close()
  return port
}

/** `next start` on the build, resolved once it says it is ready. */
async function startNext(port: number, env: Record<string, string>): Promise<ChildProcess> {
  const child = spawn(process.execPath, [nextBin, 'start', '--hostname', '127.0.0.1', '--port', String(port)], {
    cwd: exampleDir,
    env: nextEnv(env),
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  await new Promise<void>((resolve, reject) => {
    const fail = (error: Error) => {
      clearTimeout(timer)
      reject(error)
    }
    const timer = setTimeout(() => fail(new Error(`next start was not ready within 60 s:\n${output}`)), 60_000)
    child.stderr!.on('data', (chunk: Buffer) => void (output += chunk))
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk
      if (!/Ready in/.test(output)) return
      clearTimeout(timer)
      resolve()
    })
    child.once('exit', (code) => fail(new Error(`next start exited ${code}:\n${output}`)))
  })
  return child
}

let server: ThrowAwayServer
let next: ChildProcess | undefined
let browser: Browser | undefined
let nextUrl: string
let apiKey: string
let erix: ReturnType<typeof createEcodrix>

before(async () => {
  const build = promisify(execFile)(process.execPath, [nextBin, 'build'], { cwd: exampleDir, env: nextEnv(), maxBuffer: 16 * 1024 * 1024 })
  server = await startThrowAwayServer()
  const admin = createEcodrixAdmin({ baseUrl: server.url, adminKey: server.adminKey })
  const client = await admin.POST('/api/clients', { body: { name: 'Inbox Clinic' } })
  apiKey = client.apiKey
  await admin.POST('/api/clients/{code}/secrets', {
    params: { path: { code: client.clientCode } },
    body: { whatsappToken: 'mock_sandbox', whatsappPhoneNumberId: PHONE_NUMBER_ID, whatsappAppSecret: APP_SECRET },
  })
  erix = createEcodrix({ baseUrl: server.url, apiKey, clientCode: client.clientCode })
  const port = await freePort()
  nextUrl = `http://127.0.0.1:${port}`
  // The page's socket carries its Origin: the tenant must allow it.
  await erix.POST('/api/saas/cors', { body: { url: nextUrl } })
  await build
  next = await startNext(port, { ECODRIX_API_URL: server.url, ECODRIX_API_KEY: apiKey, ECODRIX_CLIENT_CODE: client.clientCode })
  browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox'] })
})

after(async () => {
  await browser?.close()
  next?.kill()
  await server?.stop()
})

/** A contact writing in, delivered as Meta delivers it (signed with the app secret). */
async function contactWrites(from: string, name: string, text: string, at = new Date()): Promise<void> {
  const body = JSON.stringify(inboundTextDelivery({ phoneNumberId: PHONE_NUMBER_ID, from, name, text, at }))
  const response = await fetch(`${server.url}/api/webhooks/whatsapp`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-hub-signature-256': metaSignature(body, APP_SECRET) },
    body,
  })
  assert.equal(response.status, 200, await response.text())
}

async function untilConversations(count: number): Promise<void> {
  for (const deadline = Date.now() + 15_000; Date.now() < deadline; await new Promise((resolve) => setTimeout(resolve, 100))) {
    if ((await erix.page('/api/saas/chat/conversations')).total >= count) return
  }
  assert.fail(`ECODrIx did not have ${count} conversations within 15 s`)
}

const conversationNames = (page: Page) => page.getByRole('navigation', { name: 'Conversations' }).locator('li strong').allTextContents()

/** Every data-status the reply's element takes, recorded in the page as React renders it. */
async function recordStatuses(page: Page, text: string): Promise<void> {
  await page.evaluate((replyText) => {
    const seen: string[] = []
    Object.assign(window, { replyStatuses: seen })
    new MutationObserver(() => {
      const reply = [...document.querySelectorAll('li[data-status]')].find((item) => item.textContent?.includes(replyText))
      const status = reply?.getAttribute('data-status')
      if (status && seen.at(-1) !== status) seen.push(status)
    }).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-status'] })
  }, text)
}

test('the inbox page sends a reply and shows it go sent → delivered → read, live, without the API key', { timeout: 120_000 }, async () => {
  await contactWrites('919876543210', 'Ravi Kumar', 'Is the clinic open on Sunday?', new Date(Date.now() - 60_000))
  await untilConversations(1)
  await contactWrites('919999999999', 'Priya Shah', 'Can I move my appointment?')
  await untilConversations(2)

  const context = await browser!.newContext()
  const leftLocalhost: string[] = []
  await context.route('**/*', (route) => {
    if (new URL(route.request().url()).hostname === '127.0.0.1') return route.continue()
    leftLocalhost.push(route.request().url())
    return route.abort()
  })
  const page = await context.newPage()
  const seenByBrowser: string[] = []
  page.on('request', (request) => seenByBrowser.push(request.url(), JSON.stringify(request.headers()), request.postData() ?? ''))
  page.on('response', (response) => void response.text().then((body) => seenByBrowser.push(body), () => undefined))
  page.on('websocket', (socket) => socket.on('framereceived', ({ payload }) => seenByBrowser.push(String(payload))))
  try {
    await page.goto(`${nextUrl}/inbox`)
    assert.deepEqual(await conversationNames(page), ['Priya Shah', 'Ravi Kumar'], 'newest last message first')
    await page.getByRole('status').getByText('Live').waitFor()
    await page.evaluate(() => Object.assign(window, { loadedOnce: true }))

    await page.getByRole('button', { name: /Ravi Kumar/ }).click()
    const messages = page.getByRole('region', { name: 'Messages' })
    await messages.getByText('Is the clinic open on Sunday?').waitFor()

    const reply = 'Yes, open 10 to 2 on Sundays.'
    await recordStatuses(page, reply)
    await page.getByRole('textbox', { name: 'Reply' }).fill(reply)
    await page.getByRole('button', { name: 'Send' }).click()
    await messages.locator('li[data-status="read"]', { hasText: reply }).waitFor({ timeout: 20_000 })
    await messages.getByText('✓✓ read').waitFor()
    const statuses = (await page.evaluate(() => (window as unknown as { replyStatuses: string[] }).replyStatuses)).filter((status) => status !== 'queued')
    assert.deepEqual(statuses, ['sent', 'delivered', 'read'])
    await page.waitForFunction(() => document.querySelector('nav li strong')?.textContent === 'Ravi Kumar')
    assert.deepEqual(await conversationNames(page), ['Ravi Kumar', 'Priya Shah'], 'the reply made Ravi the newest')

    await contactWrites('919876543210', 'Ravi Kumar', 'Thank you!')
    await messages.getByText('Thank you!').waitFor()

    assert.equal(await page.evaluate(() => (window as unknown as { loadedOnce?: boolean }).loadedOnce), true, 'the page was never reloaded')
    assert.deepEqual(leftLocalhost, [])
    assert.ok(!seenByBrowser.some((seen) => seen.includes(apiKey)), 'the API key reached the browser')
  } finally {
    mkdirSync(artifactsDir, { recursive: true })
    await page.screenshot({ path: `${artifactsDir}inbox.png`, fullPage: true })
    await context.close()
  }
})
