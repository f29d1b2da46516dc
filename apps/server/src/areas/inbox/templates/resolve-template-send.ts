import type { TenantContext } from '../../../platform/platform'
import type { LeadRow } from '../../crm'
import type { CollectionName } from '../collections/template-collections'
import { type EventValues, templateContextOf } from './template-context'
import { resolveTemplate, type TemplateResolution } from './resolve-template'
import { whatsappTemplateFor } from './whatsapp-templates.repository'

/**
 * A real send's parameters: the synced template (cached) filled from the lead, the event and,
 * when its mapping reads them, the lead's pipeline and stage or the phone's conversation.
 * `templateStatus` is the synced template's status, absent when it is not synced.
 */
export async function resolveTemplateSend(
  ctx: TenantContext,
  template: { templateName: string; language: string },
  source: { lead: LeadRow | null; event: EventValues; phone: string | null },
): Promise<TemplateResolution & { templateStatus?: string }> {
  const row = await whatsappTemplateFor(ctx, template.templateName, template.language)
  const sources = new Set<CollectionName>((row?.mappings ?? []).map((mapping) => mapping.source))
  const resolution = resolveTemplate(template.templateName, row, await templateContextOf(ctx, source, sources))
  return row ? { ...resolution, templateStatus: row.status } : resolution
}
