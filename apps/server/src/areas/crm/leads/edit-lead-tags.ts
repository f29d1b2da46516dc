import { AppError } from '../../../platform/http/errors'
import { defineTenantOperation } from '../../../platform/http/operations'
import { appendOutboxEvents } from '../../../platform/outbox/outbox.repository'
import type { TenantContext } from '../../../platform/platform'
import { insertActivity } from '../activities/activities.repository'
import { type LeadRow, updateLeadRow } from '../lead-records/leads.repository'
import { MAX_TAGS_PER_LEAD } from '../lead-records/tag-limit'
import { changeLead } from './change-lead'
import { toLeadView } from './lead-view'

/**
 * What adding `add` and removing `remove` does to the lead's tags: the new list, and each tag that
 * really changes, in order, with the timeline entry that records it.
 */
export function tagChanges(lead: Pick<LeadRow, 'tags'>, add: Iterable<string>, remove: ReadonlySet<string>) {
  const added = [...new Set(add)].filter((tag) => !lead.tags.includes(tag))
  const removed = lead.tags.filter((tag) => remove.has(tag))
  const changes = [
    ...added.map((tag) => ({ type: 'tag_added' as const, tag })),
    ...removed.map((tag) => ({ type: 'tag_removed' as const, tag })),
  ].map((change) => ({ ...change, activity: { type: change.type, title: `${change.type === 'tag_added' ? 'Tag added' : 'Tag removed'}: ${change.tag}`, data: { tag: change.tag } } }))
  const tags = [...lead.tags.filter((tag) => !remove.has(tag)), ...added]
  // A lead already past the limit (from before it) may still lose tags, not gain one.
  const overLimit = added.length > 0 && tags.length > MAX_TAGS_PER_LEAD
  return { tags, changes, overLimit }
}

const tooManyTags = (count: number) => {
  const message = `A lead has at most ${MAX_TAGS_PER_LEAD} tags; this change would give it ${count}`
  return new AppError('VALIDATION_ERROR', message, [{ path: 'body.add', message }])
}

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
    const { tags, changes, overLimit } = tagChanges(lead, add, remove)
    if (overLimit) throw tooManyTags(tags.length)
    if (changes.length === 0) return lead
    const updated = await updateLeadRow(trx, lead.id, { tags })
    for (const change of changes) {
      await insertActivity(trx, { leadId: lead.id, ...change.activity })
      await appendOutboxEvents(trx, [{ type: change.type, leadId: lead.id, payload: { tag: change.tag } }])
    }
    return updated
  })
  return toLeadView(row)
}

export const editLeadTagsOperation = defineTenantOperation('leads.editTags', editLeadTags)
