import { getApiClientsRoute } from '../../generated/routes'
import { paginated } from '../../platform/http/envelope'
import { defineOperation } from '../../platform/http/operations'
import { listClients } from './list-clients.service'

export const listClientsOperation = defineOperation(getApiClientsRoute, async (c) => {
  const query = c.req.valid('query')
  const result = await listClients({
    ctx: { platform: c.var.platform },
    input: { page: query.page ?? 1, limit: query.limit ?? 25 },
  })
  return c.json(paginated(result.clients, result), 200)
})
