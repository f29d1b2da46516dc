import { postApiCrmLeadsImportRoute } from '../../generated/routes'
import { ok } from '../../platform/http/envelope'
import { AppError } from '../../platform/http/errors'
import { defineOperation } from '../../platform/http/operations'
import { importLeads } from './import-leads.service'

export const importLeadsOperation = defineOperation(postApiCrmLeadsImportRoute, async (c) => {
  const ctx = { platform: c.var.platform, tenant: c.var.tenant }
  const isCsv = /^text\/csv\b/i.test(c.req.header('content-type') ?? '')
  const json = isCsv ? undefined : c.req.valid('json')
  const rows = typeof json === 'object' ? json.leads : undefined
  if (!isCsv && !rows) {
    throw new AppError('VALIDATION_ERROR', 'Invalid request: body: send JSON { "leads": [...] } or text/csv', [
      { path: 'body.leads', message: 'Required' },
    ])
  }
  const result = await importLeads({
    ctx,
    input: isCsv ? { format: 'csv', text: await c.req.text() } : { format: 'json', rows: rows ?? [] },
  })
  return c.json(ok(result), 200)
})
