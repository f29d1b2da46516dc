import { postApiSaasCorsRoute } from '../../generated/routes'
import { ok } from '../../platform/http/envelope'
import { defineOperation } from '../../platform/http/operations'
import { addCorsOrigin } from './add-cors-origin.service'

export const addCorsOriginOperation = defineOperation(postApiSaasCorsRoute, async (c) => {
  const { added, origins } = await addCorsOrigin({
    ctx: { platform: c.var.platform, tenant: c.var.tenant },
    input: c.req.valid('json'),
  })
  return added ? c.json(ok({ origins }), 201) : c.json(ok({ origins }, 'Origin was already allowed'), 200)
})
