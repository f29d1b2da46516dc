import assert from 'node:assert/strict'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { type TestContext, test } from 'node:test'
import openapiDocument from '@ecodrix/openapi/openapi.json'
import type { Page } from 'playwright-core'
import { launchBrowser } from '../helpers/browser'
import { request } from '../helpers/http'
import { useTestServer } from '../helpers/use-test-server'

const env = useTestServer()
const artifacts = join(import.meta.dirname, '..', '..', 'test-artifacts')

/** Every request the page makes off this machine is refused and remembered: the page must not need one. */
async function keepOffline(page: Page): Promise<string[]> {
  const outside: string[] = []
  await page.route('**/*', (route) => {
    const { hostname, href } = new URL(route.request().url())
    if (hostname === '127.0.0.1' || hostname === 'localhost') return route.continue()
    outside.push(href)
    return route.abort()
  })
  return outside
}

/** `/docs` in a fresh headless browser, kept offline; closed when the test ends. */
async function openDocs(t: TestContext): Promise<{ page: Page; outside: string[] }> {
  const browser = await launchBrowser()
  t.after(() => browser.close())
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } })
  const outside = await keepOffline(page)
  await page.goto(`${env.server.url}/docs`)
  return { page, outside }
}

test('GET / links to the reference and the spec', async () => {
  const result = await request(env.server, 'GET', '/')
  assert.equal(result.status, 200)
  assert.match(String(result.headers.get('content-type')), /^text\/html/)
  assert.match(String(result.body), /href="\/docs"/)
  assert.match(String(result.body), /href="\/openapi.json"/)
})

test('/docs renders every tag offline, and "try it" calls GET /api/saas/health on this server', async (t) => {
  const { page, outside } = await openDocs(t)

  for (const { name } of openapiDocument.tags) {
    await page.getByRole('button').filter({ hasText: new RegExp(`^(Open|Close) Group - ${name}$`) }).waitFor()
  }

  await page.getByRole('button').filter({ hasText: 'Open Group - monitoring' }).click()
  await page.getByText('Server health', { exact: true }).first().click()
  await page.getByRole('button').filter({ hasText: /^Test Request\s*\(get \/api\/saas\/health\)$/ }).click()
  const answered = page.waitForResponse((response) => new URL(response.url()).pathname === '/api/saas/health')
  await page.getByRole('button').filter({ hasText: /^Send Request/ }).click()
  const response = await answered
  assert.equal(response.status(), 200)
  assert.equal(new URL(response.url()).origin, env.server.url, 'the call goes to the server the page came from')
  assert.equal((await response.json()).success, true)
  await page.getByText('200', { exact: true }).first().waitFor()

  mkdirSync(artifacts, { recursive: true })
  await page.screenshot({ path: join(artifacts, 'docs-try-it.png') })
  assert.deepEqual(outside, [], 'the page asked for nothing outside this server')
})

test('/docs lists every error code with its status and meaning', async (t) => {
  const { page, outside } = await openDocs(t)

  await page.getByRole('button').filter({ hasText: 'Open Group - Models' }).click()
  await page.getByText('ErrorCode', { exact: true }).first().click()
  await page.getByRole('button').filter({ hasText: 'Show all values' }).click()
  const { enum: codes, 'x-enum-descriptions': meanings } = openapiDocument.components.schemas.ErrorCode
  await page.getByText(codes.at(-1) as string, { exact: true }).first().waitFor()
  const words = (text: string) => text.replace(/\s+/g, ' ')
  const shown = words(await page.locator('body').innerText())
  for (const code of codes) {
    // The meanings are Markdown: `details` shows as code, without its backticks.
    const meaning = meanings[code as keyof typeof meanings].replaceAll('`', '')
    assert.ok(shown.includes(words(`${code} ${meaning}`)), `${code} is shown with its meaning`)
  }

  mkdirSync(artifacts, { recursive: true })
  await page.screenshot({ path: join(artifacts, 'docs-error-codes.png') })
  assert.deepEqual(outside, [], 'the page asked for nothing outside this server')
})

test('the reference script is served from the server itself', async () => {
  const result = await fetch(`${env.server.url}/docs/api-reference.js`)
  assert.equal(result.status, 200)
  assert.match(String(result.headers.get('content-type')), /^text\/javascript/)
  assert.ok((await result.arrayBuffer()).byteLength > 1_000_000)
})
