import { getApiCrmLeadsExportRoute } from '../../generated/routes'
import { defineOperation } from '../../platform/http/operations'
import { exportLeads } from './export-leads.service'

export const exportLeadsOperation = defineOperation(getApiCrmLeadsExportRoute, (c) => {
  const query = c.req.valid('query')
  const lines = exportLeads({
    ctx: { platform: c.var.platform, tenant: c.var.tenant },
    input: { ...query, sortBy: query.sortBy ?? 'createdAt', sortDir: query.sortDir ?? 'desc' },
  })
  const encoder = new TextEncoder()
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await lines.next()
      if (next.done) controller.close()
      else controller.enqueue(encoder.encode(next.value))
    },
    async cancel() {
      await lines.return(undefined)
    },
  })
  return c.body(body, 200, {
    'content-type': 'text/csv; charset=utf-8',
    'content-disposition': 'attachment; filename="leads.csv"',
  }) as never
})
