import type { Kysely } from 'kysely'
import type { TenantTables } from '../../../platform/database/tenant-tables'
import { AppError } from '../../../platform/http/errors'
import { findLead } from './leads.repository'

/** Reading a lead's history starts here: an unknown (or another tenant's) lead answers 404. */
export async function requireLead(db: Kysely<TenantTables>, leadId: string): Promise<void> {
  if (!(await findLead(db, leadId))) throw new AppError('LEAD_NOT_FOUND', `No lead ${leadId}`)
}
