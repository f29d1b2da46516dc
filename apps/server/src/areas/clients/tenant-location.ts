import type { SecretBox } from '../../platform/crypto/secret-box'
import type { TenantLocation } from '../../platform/database/tenant-databases'
import type { Platform, Tenant } from '../../platform/platform'
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

/** The tenant a client's requests and jobs run against. */
export function tenantOf(platform: Pick<Platform, 'tenants' | 'secretBox'>, client: ClientRow): Tenant {
  const location = tenantLocation(platform.secretBox, client)
  return {
    clientCode: client.code,
    db: platform.tenants.forTenant(location),
    sharesJobQueueDatabase: location.datasourceUri === undefined,
    defaultCountry: client.default_country,
  }
}
