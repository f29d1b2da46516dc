import { ownPathValue, ownValue } from '../../../platform/data/own-path'
import type { TemplateMapping } from '../../../platform/database/tenant-tables'
import type { TenantContext } from '../../../platform/platform'
import { type LeadRow, leadFieldNames, leadFieldValue, leadPlacement } from '../../crm'
import { toConversationView } from '../conversations/conversation-view'
import { findConversationByPhone } from '../conversations/conversations.repository'
import type { CollectionName } from '../collections/template-collections'

/** What a template's mapping reads from: each collection's values by their API names. */
export type TemplateContext = Partial<Record<CollectionName, Record<string, unknown>>>

/** An event's values as a send has them: the trigger's `variables` and `data`. */
export interface EventValues {
  variables: Record<string, unknown>
  data: Record<string, unknown>
}

/**
 * The value a mapping names in the context. An event field is read in the event's `variables`,
 * then its `data`, then as the event's own key (`variables.x`, or a bare key of a preview's
 * event); a metadata key in `refs`, then `extra`, unless it names one (`extra.plan`). Only own keys
 * are read (never a prototype's `constructor`).
 */
export function mappedValue(context: TemplateContext, mapping: Pick<TemplateMapping, 'source' | 'field'>): unknown {
  const { source, field } = mapping
  if (source === 'event') {
    const event = context.event
    return ownPathValue(ownValue(event, 'variables'), field) ?? ownPathValue(ownValue(event, 'data'), field) ?? ownPathValue(event, field)
  }
  if (source === 'metadata') {
    const metadata = context.metadata ?? ownValue(context.lead, 'metadata')
    const key = field.replace(/^metadata\./, '')
    if (/^(refs|extra)\./.test(key)) return ownPathValue(metadata, key)
    return ownPathValue(ownValue(metadata, 'refs'), key) ?? ownPathValue(ownValue(metadata, 'extra'), key)
  }
  return ownPathValue(context[source], field.replace(/^lead\./, ''))
}

/** A lead's documented fields by their API names (nothing else of the row). */
const leadValues = (lead: LeadRow) => Object.fromEntries(leadFieldNames.map((name) => [name, leadFieldValue(lead, name)]))

/**
 * The context of a real send: the lead (with its metadata), the event, and, only when a mapping
 * reads them, the lead's pipeline and stage and the phone's conversation.
 */
export async function templateContextOf(
  ctx: TenantContext,
  source: { lead: LeadRow | null; event: EventValues; phone: string | null },
  sources: ReadonlySet<CollectionName>,
): Promise<TemplateContext> {
  const { lead, event, phone } = source
  const context: TemplateContext = { event: { variables: event.variables, data: event.data } }
  if (lead) {
    context.lead = leadValues(lead)
    context.metadata = { refs: lead.metadata.refs ?? {}, extra: lead.metadata.extra ?? {} }
    if (sources.has('pipeline') || sources.has('stage')) {
      const placement = await leadPlacement(ctx.tenant.db, lead)
      if (placement.pipeline) context.pipeline = placement.pipeline
      if (placement.stage) context.stage = placement.stage
    }
  }
  if (phone && sources.has('conversation')) {
    const conversation = await findConversationByPhone(ctx.tenant.db, phone)
    if (conversation) context.conversation = toConversationView(conversation)
  }
  return context
}
