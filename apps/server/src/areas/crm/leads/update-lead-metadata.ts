import { defineTenantOperation } from '../../../platform/http/operations'
import { insertActivity } from '../activities/activities.repository'
import { updateLeadRow } from '../lead-records/leads.repository'
import { changeLead } from './change-lead'
import { toLeadView } from './lead-view'

/** Applies `patch` to `base`: keys set to null are removed, others replaced. */
function merge<T>(base: Record<string, T>, patch: Record<string, T | null> | undefined): Record<string, T> {
  const result = { ...base }
  for (const [key, value] of Object.entries(patch ?? {})) {
    if (value === null) delete result[key]
    else result[key] = value
  }
  return result
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
