import { AppError } from '../../../platform/http/errors'
import { defineTenantOperation } from '../../../platform/http/operations'
import { appendOutboxEvents } from '../../../platform/outbox/outbox.repository'
import type { TenantContext } from '../../../platform/platform'
import { insertActivity } from '../activities/activities.repository'
import { updateLeadRow } from '../lead-records/leads.repository'
import { changeLead } from './change-lead'
import { toLeadView } from './lead-view'

/** Adds and removes tags in one locked change; every tag that really changed is recorded. */
export async function editLeadTags({
  ctx,
  input,
}: {
  ctx: TenantContext
  input: { leadId: string; add?: string[] | undefined; remove?: string[] | undefined }
}) {
  const add = [...new Set(input.add ?? [])]
  const remove = new Set(input.remove ?? [])
  const both = add.filter((tag) => remove.has(tag))
  if (both.length > 0) {
    throw new AppError('VALIDATION_ERROR', `Invalid request: body: ${both.join(', ')} both added and removed`, [
      { path: 'body.remove', message: `Also in add: ${both.join(', ')}` },
    ])
  }
  const row = await changeLead(ctx, input.leadId, async (trx, lead) => {
    const added = add.filter((tag) => !lead.tags.includes(tag))
    const removed = lead.tags.filter((tag) => remove.has(tag))
    if (added.length === 0 && removed.length === 0) return lead
    const updated = await updateLeadRow(trx, lead.id, { tags: [...lead.tags.filter((tag) => !remove.has(tag)), ...added] })
    for (const [type, tags] of [['tag_added', added], ['tag_removed', removed]] as const) {
      for (const tag of tags) {
        await insertActivity(trx, { leadId: lead.id, type, title: `${type === 'tag_added' ? 'Tag added' : 'Tag removed'}: ${tag}`, data: { tag } })
        await appendOutboxEvents(trx, [{ type, leadId: lead.id, payload: { tag } }])
      }
    }
    return updated
  })
  return toLeadView(row)
}

export const editLeadTagsOperation = defineTenantOperation('leads.editTags', editLeadTags)
