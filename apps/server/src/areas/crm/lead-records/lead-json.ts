import { type ExpressionBuilder, sql } from 'kysely'
import type { TenantTables } from '../../../platform/database/tenant-tables'
import type { LeadRow } from './leads.repository'

/**
 * The lead with id `leadId` as one JSON value, for a statement of another area that reads a lead
 * with its own rows in one round trip (the engine's run of an event). `deal_value` stays text, as
 * pg reads numeric; `leadFromJson` turns the answer back into the row `findLead` would give.
 */
export const leadJson = (eb: ExpressionBuilder<any, any>, leadIdColumn: string) =>
  (eb as ExpressionBuilder<TenantTables, never>)
    .selectFrom('leads as l')
    .select(sql<unknown>`to_jsonb(l) || jsonb_build_object('deal_value', l.deal_value::text)`.as('lead'))
    .where('l.id', '=', sql.ref<string>(leadIdColumn))

/** Every timestamp column of the leads table ends in `_at`; JSON carries them as ISO text. */
export function leadFromJson(json: unknown): LeadRow | null {
  if (!json || typeof json !== 'object') return null
  const row = { ...(json as Record<string, unknown>) }
  for (const [column, value] of Object.entries(row)) if (column.endsWith('_at') && typeof value === 'string') row[column] = new Date(value)
  return row as unknown as LeadRow
}
