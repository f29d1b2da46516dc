// The platform operator's side: creating a client (tenant) with the admin key.
import { call } from './ecodrix'

/**
 * POST /api/clients. Without `clientCode` the server derives one from the name. The answer's
 * `data` holds the new client's `apiKey` and `webhookSecret`, shown only this once.
 */
export function createClient(baseUrl: string, adminKey: string, client: { name: string; clientCode?: string }) {
  return call(baseUrl, 'POST', '/api/clients', { headers: { authorization: `Bearer ${adminKey}` }, body: client })
}
