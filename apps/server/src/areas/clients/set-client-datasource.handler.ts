import { postApiClientsCodeDatasourceRoute } from '../../generated/routes'
import { ok } from '../../platform/http/envelope'
import { defineOperation } from '../../platform/http/operations'
import { setClientDatasource } from './set-client-datasource.service'

export const setClientDatasourceOperation = defineOperation(postApiClientsCodeDatasourceRoute, async (c) => {
  const client = await setClientDatasource({
    ctx: { platform: c.var.platform },
    input: { clientCode: c.req.valid('param').code, dbUri: c.req.valid('json').dbUri },
  })
  return c.json(ok(client), 200)
})
