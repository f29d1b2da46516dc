import type { Kysely, Transaction } from 'kysely'
import type { TenantTables } from '../../../platform/database/tenant-tables'
import { AppError } from '../../../platform/http/errors'
import { findRule, type RuleRow } from './rules/rules.repository'

export const ruleNotFound = (id: string) => new AppError('RULE_NOT_FOUND', `Automation rule ${id} not found`)

export async function requireRule(db: Kysely<TenantTables> | Transaction<TenantTables>, id: string): Promise<RuleRow> {
  const rule = await findRule(db, id)
  if (!rule) throw ruleNotFound(id)
  return rule
}
