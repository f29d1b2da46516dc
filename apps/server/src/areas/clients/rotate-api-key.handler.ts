import { postApiClientsCodeApiKeysRotateRoute } from '../../generated/routes'
import { ok } from '../../platform/http/envelope'
import { defineOperation } from '../../platform/http/operations'
import { rotateApiKey } from './rotate-api-key.service'

export const rotateApiKeyOperation = defineOperation(postApiClientsCodeApiKeysRotateRoute, async (c) => {
  const result = await rotateApiKey({
    ctx: { platform: c.var.platform },
    input: { clientCode: c.req.valid('param').code, gracePeriodSeconds: c.req.valid('json').gracePeriodSeconds ?? 0 },
  })
  return c.json(ok(result, 'New API key issued. Store it now: it is not shown again.'), 200)
})
