import { getApiClientsCodeRoute } from '../../generated/routes'
import { ok } from '../../platform/http/envelope'
import { defineOperation } from '../../platform/http/operations'
import { getClient } from './get-client.service'

export const getClientOperation = defineOperation(getApiClientsCodeRoute, async (c) => {
  const client = await getClient({ ctx: { platform: c.var.platform }, input: { clientCode: c.req.valid('param').code } })
  return c.json(ok(client), 200)
})
