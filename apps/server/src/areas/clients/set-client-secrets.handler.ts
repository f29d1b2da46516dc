import { postApiClientsCodeSecretsRoute } from '../../generated/routes'
import { ok } from '../../platform/http/envelope'
import { defineOperation } from '../../platform/http/operations'
import { setClientSecrets } from './set-client-secrets.service'

export const setClientSecretsOperation = defineOperation(postApiClientsCodeSecretsRoute, async (c) => {
  const result = await setClientSecrets({
    ctx: { platform: c.var.platform },
    input: { clientCode: c.req.valid('param').code, secrets: c.req.valid('json') },
  })
  return c.json(ok(result), 200)
})
