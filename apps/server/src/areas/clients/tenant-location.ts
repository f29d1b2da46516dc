import type { SecretBox } from '../../platform/crypto/secret-box'
import type { TenantLocation } from '../../platform/database/tenant-databases'
import type { ClientRow } from './clients.repository'

export const schemaNameFor = (clientCode: string) => `tenant_${clientCode}`
export const datasourceContext = (clientCode: string) => `datasource:${clientCode}`

export function tenantLocation(secretBox: SecretBox, client: ClientRow): TenantLocation {
  return {
    schemaName: client.schema_name,
    datasourceUri: client.datasource_uri
      ? secretBox.decrypt(client.datasource_uri, datasourceContext(client.code))
      : undefined,
  }
}
