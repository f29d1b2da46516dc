import type { Module } from '../../platform/module'
import { authenticateTenant } from './authenticate-tenant.service'
import { createClientOperation } from './create-client'
import { getClientOperation } from './get-client'
import { listClientsOperation } from './list-clients'
import { migrateAllTenants } from './migrate-all-tenants'
import { purgeExpiredApiKeysJob } from './purge-expired-api-keys.job'
import { rotateApiKeyOperation } from './rotate-api-key'
import { setClientDatasourceOperation } from './set-client-datasource'
import { setClientSecretsOperation } from './set-client-secrets'
import { updateClientOperation } from './update-client'
import { routeStoredWhatsappNumbers } from './whatsapp-number-routing'

/** Tenants: clients, their API keys, secrets and data location. */
export const clientsModule: Module = {
  name: 'clients',
  operations: [
    createClientOperation,
    listClientsOperation,
    getClientOperation,
    updateClientOperation,
    setClientSecretsOperation,
    setClientDatasourceOperation,
    rotateApiKeyOperation,
  ],
  jobs: [purgeExpiredApiKeysJob],
  authenticateTenant: (platform, credentials) => authenticateTenant({ ctx: { platform }, input: credentials }),
  start: async (platform) => {
    await migrateAllTenants(platform)
    await routeStoredWhatsappNumbers(platform)
  },
}

export { purgeExpiredApiKeysJob } from './purge-expired-api-keys.job'
export { requireClient } from './require-client'
export { readSecrets, saveSealedSecrets, secretContext, type SecretName } from './secrets'
export { activeTenantContexts, tenantContextFor } from './tenant-context'
export { clientsWithSecret } from './clients.repository'
export { clientOfWhatsappNumber } from './whatsapp-numbers.repository'
