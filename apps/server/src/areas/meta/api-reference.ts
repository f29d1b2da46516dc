import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { renderApiReference } from '@scalar/client-side-rendering'
import { definePlatformOperation } from '../../platform/http/operations'

const SCRIPT_PATH = '/docs/api-reference.js'
// The bundle is 5 MB and never changes while the process runs: read once, on the first request.
let script: Promise<Uint8Array<ArrayBuffer>> | undefined
// The package exports no path to it: it sits beside the main entry.
const bundle = () =>
  (script ??= readFile(join(dirname(createRequire(import.meta.url).resolve('@scalar/api-reference')), 'browser', 'standalone.js')).then((bytes) => new Uint8Array(bytes)))

/**
 * `GET /docs`: Scalar's reference of the served spec. Its script comes from this server and its
 * fonts from the system, so the page needs nothing but this server; "try it" calls go to the origin
 * the page was loaded from, whatever the spec's `servers` say.
 */
export const getDocsOperation = definePlatformOperation('meta.docs', async ({ c }) => {
  const page = renderApiReference({
    pageTitle: 'ECODrIx API reference',
    cdn: SCRIPT_PATH,
    config: {
      url: '/openapi.json',
      servers: [{ url: new URL(c.req.url).origin, description: 'This server' }],
      // Nothing on the page reaches Scalar's services: no fonts, telemetry, agent, MCP or toolbar.
      withDefaultFonts: false,
      telemetry: false,
      showDeveloperTools: 'never',
      agent: { disabled: true },
      mcp: { disabled: true },
    },
  })
  return c.html(page, 200)
})

export const getDocsScriptOperation = definePlatformOperation('meta.docsScript', async () =>
  new Response(await bundle(), {
    status: 200,
    headers: { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'public, max-age=3600', 'x-content-type-options': 'nosniff' },
  }),
)
