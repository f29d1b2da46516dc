import type { Selectable } from 'kysely'
import type { TenantTables } from '../../../platform/database/tenant-tables'

export type ActivityRow = Selectable<TenantTables['activities']>

export function toActivityView(row: ActivityRow) {
  return {
    id: row.id,
    leadId: row.lead_id,
    type: row.type,
    title: row.title,
    body: row.body,
    performedBy: row.performed_by,
    data: row.data,
    createdAt: row.created_at.toISOString(),
  }
}
