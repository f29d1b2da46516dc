import type { z } from '@hono/zod-openapi'
import type { Kysely, Selectable, Transaction } from 'kysely'
import type { AutomationRuleSchema } from '../../../../generated/routes'
import type { TenantTables } from '../../../../platform/database/tenant-tables'
import { isUuid } from '../../../../platform/database/uuid'
import type { AutomationAction } from '../../actions/action-executor'
import type { RuleCondition } from './rule-condition'

type Db = Kysely<TenantTables> | Transaction<TenantTables>
export type RuleRow = Selectable<TenantTables['automation_rules']>
export type AutomationRule = z.infer<typeof AutomationRuleSchema>
export type TriggerConfig = AutomationRule['triggerConfig']

/** A rule's stored fields; a field left out of an update keeps its value. */
export interface RuleFields {
  name: string
  trigger: string
  triggerConfig: TriggerConfig
  condition: RuleCondition | null
  actions: AutomationAction[]
  isActive: boolean
}

/** A rule as the API and the engine see it; every action carries its `delayMinutes` (0 when stored without). */
export function toAutomationRule(row: RuleRow): AutomationRule {
  return {
    id: row.id,
    name: row.name,
    trigger: row.trigger,
    triggerConfig: row.trigger_config as TriggerConfig,
    condition: row.condition as RuleCondition | null,
    actions: (row.actions as AutomationAction[]).map((action) => ({ ...action, delayMinutes: action.delayMinutes ?? 0 })),
    isActive: row.is_active,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  }
}

function ruleColumns(fields: Partial<RuleFields>) {
  return {
    name: fields.name,
    trigger: fields.trigger,
    trigger_config: fields.triggerConfig && JSON.stringify(fields.triggerConfig),
    condition: fields.condition === undefined ? undefined : fields.condition && JSON.stringify(fields.condition),
    actions: fields.actions && JSON.stringify(fields.actions),
    is_active: fields.isActive,
  }
}

export function listRules(db: Db): Promise<RuleRow[]> {
  return db.selectFrom('automation_rules').selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc').execute()
}

/** The tenant's active rules, oldest first (the order the engine runs them in). */
export function listActiveRules(db: Db): Promise<RuleRow[]> {
  return db.selectFrom('automation_rules').selectAll().where('is_active', '=', true).orderBy('created_at').orderBy('id').execute()
}

export async function findRule(db: Db, id: string): Promise<RuleRow | undefined> {
  if (!isUuid(id)) return undefined
  return db.selectFrom('automation_rules').selectAll().where('id', '=', id).executeTakeFirst()
}

/** The rule, locked until the transaction ends so concurrent edits apply in turn. */
export async function lockRule(trx: Transaction<TenantTables>, id: string): Promise<RuleRow | undefined> {
  if (!isUuid(id)) return undefined
  return trx.selectFrom('automation_rules').selectAll().where('id', '=', id).forUpdate().executeTakeFirst()
}

export function insertRule(db: Db, fields: RuleFields): Promise<RuleRow> {
  return db
    .insertInto('automation_rules')
    .values({ ...ruleColumns(fields), name: fields.name, trigger: fields.trigger })
    .returningAll()
    .executeTakeFirstOrThrow()
}

export function updateRule(db: Db, id: string, fields: Partial<RuleFields>): Promise<RuleRow> {
  return db
    .updateTable('automation_rules')
    .set({ ...ruleColumns(fields), updated_at: new Date() })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow()
}

/** Sets `is_active`, or flips it when `isActive` is undefined, in one statement. */
export async function setRuleActive(db: Db, id: string, isActive: boolean | undefined): Promise<RuleRow | undefined> {
  if (!isUuid(id)) return undefined
  return db
    .updateTable('automation_rules')
    .set((eb) => ({ is_active: isActive ?? eb.not(eb.ref('is_active')), updated_at: new Date() }))
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst()
}

export async function deleteRule(db: Db, id: string): Promise<boolean> {
  if (!isUuid(id)) return false
  const deleted = await db.deleteFrom('automation_rules').where('id', '=', id).returning('id').executeTakeFirst()
  return deleted !== undefined
}
