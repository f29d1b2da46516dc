// The ECODrIx client for server code: route handlers, server components, server actions. The API
// key comes from the server's environment; never import this file from a client component.
import { createEcodrix } from '@ecodrix/sdk'

function requireEnv(name: string): string {
  const value = process.env[name]
  if (!value) throw new Error(`${name} is not set (see .env.example)`)
  return value
}

/** Where ECODrIx is served. Not a secret: the inbox page's browser opens the real-time socket there. */
export function ecodrixApiUrl(): string {
  return requireEnv('ECODRIX_API_URL')
}

/** A tenant client from ECODRIX_API_URL, ECODRIX_API_KEY and ECODRIX_CLIENT_CODE. */
export function ecodrixFromEnv() {
  return createEcodrix({
    baseUrl: ecodrixApiUrl(),
    apiKey: requireEnv('ECODRIX_API_KEY'),
    clientCode: requireEnv('ECODRIX_CLIENT_CODE'),
  })
}
