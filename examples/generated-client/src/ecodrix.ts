// Clients built on the generated Api class: each sets the credentials its operations declare
// (`secure: true` in the generated code) through the class's securityWorker.
import { Api } from './generated/ecodrix-api'

export interface TenantCredentials {
  baseUrl: string
  apiKey: string
  clientCode: string
}

/** For a client's server: its API key and client code go in `x-api-key` and `x-client-code`. */
export function createTenantApi({ baseUrl, apiKey, clientCode }: TenantCredentials) {
  return new Api({ baseUrl, securityWorker: () => ({ headers: { 'x-api-key': apiKey, 'x-client-code': clientCode } }) })
}

/** For the platform operator: the admin key goes in `Authorization: Bearer …`. */
export function createAdminApi({ baseUrl, adminKey }: { baseUrl: string; adminKey: string }) {
  return new Api({ baseUrl, securityWorker: () => ({ headers: { authorization: `Bearer ${adminKey}` } }) })
}
