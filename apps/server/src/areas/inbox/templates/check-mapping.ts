import { AppError, type ErrorDetail } from '../../../platform/http/errors'
import type { TemplateMapping } from '../../../platform/database/tenant-tables'
import type { TenantContext } from '../../../platform/platform'
import { mappingSlot, slotKey } from './resolve-template'
import { fieldExists } from '../collections/template-collections'
import { templateVariables } from './template-variables'
import type { WhatsappTemplateRow } from './whatsapp-templates.repository'

const placeholderName = (mapping: TemplateMapping) =>
  `${mapping.component === 'button' ? `button ${mapping.buttonIndex} ` : mapping.component === 'header' ? 'header ' : ''}{{${mapping.variableIndex}}}`

/** What is wrong with one mapping for these languages of the template, if anything. */
async function mappingProblems(ctx: TenantContext, mapping: TemplateMapping, at: string, rows: WhatsappTemplateRow[]): Promise<ErrorDetail[]> {
  if ((mapping.component === 'button') !== (mapping.buttonIndex !== undefined)) {
    return [{ path: `${at}.buttonIndex`, message: 'a button variable names its button (buttonIndex), and only a button variable does' }]
  }
  const problems: ErrorDetail[] = []
  const key = slotKey(mappingSlot(mapping))
  const lacking = rows.filter((row) => !templateVariables(row.components).some((variable) => slotKey(variable) === key))
  if (lacking.length > 0) {
    const message = `the template has no ${placeholderName(mapping)}${rows.length > 1 ? ` in ${lacking.map((row) => row.language).join(', ')}` : ''}`
    problems.push({ path: `${at}.variableIndex`, message })
  }
  if (!(await fieldExists(ctx, mapping.source, mapping.field))) {
    problems.push({ path: `${at}.field`, message: `${mapping.source} has no field ${mapping.field} (GET /api/saas/chat/collections/${mapping.source}/fields)` })
  }
  return problems
}

/**
 * Refuses (400, naming each offending mapping) a mapping of these languages of the template that
 * names a placeholder they do not have, one placeholder twice, or a field its source lacks.
 */
export async function checkMapping(ctx: TenantContext, mappings: TemplateMapping[], rows: WhatsappTemplateRow[]): Promise<void> {
  const seen = new Set<string>()
  const problems: ErrorDetail[] = []
  for (const [position, mapping] of mappings.entries()) {
    const at = `body.mappings.${position}`
    const key = slotKey(mappingSlot(mapping))
    if (seen.has(key)) problems.push({ path: `${at}.variableIndex`, message: `${placeholderName(mapping)} is mapped twice` })
    seen.add(key)
    problems.push(...(await mappingProblems(ctx, mapping, at, rows)))
  }
  if (problems.length > 0) throw new AppError('VALIDATION_ERROR', `Invalid mapping: ${problems.map((problem) => problem.message).join('; ')}`, problems)
}
