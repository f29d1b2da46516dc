// Creates a client with the admin key, then reads that client's health as the client.
//   ECODRIX_API_URL=http://localhost:3000 ECODRIX_ADMIN_KEY=adm_… npm run demo -w @ecodrix/example-generated-client
import { fileURLToPath } from 'node:url'
import { createAdminApi, createTenantApi } from './ecodrix'
import type { ErrorEnvelope, HttpResponse } from './generated/ecodrix-api'

export async function demo(baseUrl: string, adminKey: string, print: (line: string) => void = console.log) {
  const admin = createAdminApi({ baseUrl, adminKey })
  const { data: created } = await admin.clients.clientsCreate({ name: 'Generated Client Demo' })
  const { clientCode, apiKey } = created.data
  print(`created client ${clientCode}, API key ${apiKey} (shown only once)`)

  const tenant = createTenantApi({ baseUrl, apiKey, clientCode })
  const { data: health } = await tenant.monitoring.healthClient()
  print(`health of ${health.data.clientCode}: ${JSON.stringify(health.data.services)}`)
  return health.data
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { ECODRIX_API_URL, ECODRIX_ADMIN_KEY } = process.env
  if (!ECODRIX_API_URL || !ECODRIX_ADMIN_KEY) {
    console.error('Set ECODRIX_API_URL and ECODRIX_ADMIN_KEY (npm start prints the admin key).')
    process.exit(1)
  }
  // The generated client rejects with the Response, its parsed error envelope in `error`.
  await demo(ECODRIX_API_URL, ECODRIX_ADMIN_KEY).catch((response: HttpResponse<unknown, ErrorEnvelope>) => {
    if (!(response instanceof Response)) throw response
    console.error(`${response.status} ${response.error.code}: ${response.error.message}`)
    process.exit(1)
  })
}
