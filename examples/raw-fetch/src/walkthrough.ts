// Onboards a client with the admin key, then calls the API as that client: its health, then
// allowing a browser origin.
//   ECODRIX_API_URL=http://localhost:3000 ECODRIX_ADMIN_KEY=adm_… npm run walkthrough -w @ecodrix/example-raw-fetch
import { fileURLToPath } from 'node:url'
import { createErix, EcodrixApiError } from './ecodrix'
import { createClient } from './onboard'

export const ALLOWED_ORIGIN = 'https://client-domain.com'

export async function walkthrough(baseUrl: string, adminKey: string, print: (line: string) => void = console.log) {
  const created = await createClient(baseUrl, adminKey, { name: 'Walkthrough Clinic' })
  const { clientCode, apiKey } = created.data
  print(`POST /api/clients → ${created.status}: client ${clientCode}, API key ${apiKey} (shown only once)`)

  const erix = createErix({ baseUrl, apiKey, clientCode })
  const health = await erix.getHealth()
  print(`GET /api/saas/health/client → ${health.status}: ${JSON.stringify(health.data)}`)

  const cors = await erix.allowCorsOrigin(ALLOWED_ORIGIN)
  print(`POST /api/saas/cors → ${cors.status}: allowed origins ${cors.data.origins.join(', ')}`)

  return { created, health, cors }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { ECODRIX_API_URL, ECODRIX_ADMIN_KEY } = process.env
  if (!ECODRIX_API_URL || !ECODRIX_ADMIN_KEY) {
    console.error('Set ECODRIX_API_URL and ECODRIX_ADMIN_KEY (npm start prints the admin key).')
    process.exit(1)
  }
  try {
    await walkthrough(ECODRIX_API_URL, ECODRIX_ADMIN_KEY)
  } catch (error) {
    if (!(error instanceof EcodrixApiError)) throw error
    console.error(`${error.status} ${error.code}: ${error.message} (request ${error.requestId})`)
    process.exit(1)
  }
}
