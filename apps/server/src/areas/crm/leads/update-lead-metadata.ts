import { defineTenantOperation } from '../../../platform/http/operations'
import { insertActivity } from '../activities/activities.repository'
import { updateLeadRow } from '../lead-records/leads.repository'
import { changeLead } from './change-lead'
import { toLeadView } from './lead-view'

/**
 * Applies `patch` to `base`: keys set to null are removed, others replaced. Built from entries, so
 * a key named `__proto__` is data like any other and never sets the result's prototype.
 */
function merge<T>(base: Record<string, T>, patch: Record<string, T | null> | undefined): Record<string, T> {
  const changes = Object.entries(patch ?? {})
  const changed = new Set(changes.map(([key]) => key))
  const kept = Object.entries(base).filter(([key]) => !changed.has(key))
  return Object.fromEntries([...kept, ...changes.filter((change): change is [string, T] => change[1] !== null)])
}

/** Merges refs and extra into the lead's metadata without touching its core fields. */
export const updateLeadMetadataOperation = defineTenantOperation('leads.updateMetadata', async ({ ctx, input }) => {
  const row = await changeLead(ctx, input.leadId, async (trx, lead) => {
    const metadata = { refs: merge(lead.metadata.refs ?? {}, input.refs), extra: merge(lead.metadata.extra ?? {}, input.extra) }
    const updated = await updateLeadRow(trx, lead.id, { metadata: JSON.stringify(metadata) })
    const fields = [
      ...Object.keys(input.refs ?? {}).map((key) => `metadata.refs.${key}`),
      ...Object.keys(input.extra ?? {}).map((key) => `metadata.extra.${key}`),
    ]
    await insertActivity(trx, { leadId: lead.id, type: 'field_updated', title: 'Metadata updated', data: { fields } })
    return updated
  })
  return toLeadView(row)
})
