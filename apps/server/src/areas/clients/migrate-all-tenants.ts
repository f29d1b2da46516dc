import type { Platform } from '../../platform/platform'
import { listAllClients } from './clients.repository'
import { tenantLocation } from './tenant-location'

const PARALLEL = 4

/** Runs pending tenant migrations for every client at start-up, a few at a time. */
export async function migrateAllTenants(platform: Platform): Promise<void> {
  const clients = await listAllClients(platform.db)
  const queue = [...clients]
  const worker = async () => {
    for (let client = queue.shift(); client; client = queue.shift()) {
      await platform.tenants.migrate(tenantLocation(platform.secretBox, client))
    }
  }
  await Promise.all(Array.from({ length: Math.min(PARALLEL, clients.length) }, worker))
  if (clients.length > 0) platform.logger.info({ tenants: clients.length }, 'tenant schemas up to date')
}
