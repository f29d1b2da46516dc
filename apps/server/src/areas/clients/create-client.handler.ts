import { postApiClientsRoute } from '../../generated/routes'
import { ok } from '../../platform/http/envelope'
import { defineOperation } from '../../platform/http/operations'
import { createClient } from './create-client.service'

export const createClientOperation = defineOperation(postApiClientsRoute, async (c) => {
  const credentials = await createClient({ ctx: { platform: c.var.platform }, input: c.req.valid('json') })
  return c.json(ok(credentials, 'Client created. Store apiKey and webhookSecret now: they are not shown again.'), 201)
})
