import type { Kysely, Transaction } from 'kysely'
import { tenantScope } from '../../../../platform/cache/node-cache'
import type { TenantTables } from '../../../../platform/database/tenant-tables'
import type { TenantContext } from '../../../../platform/platform'
import { type AutomationRule, listActiveRules, toAutomationRule } from './rules.repository'

interface ActiveRules {
  byTrigger: ReadonlyMap<string, readonly AutomationRule[]>
  count: number
}

/**
 * All the tenant's active rules by trigger, from this node's cache: one entry per tenant, one query
 * to fill it, on `db`. A caller inside a transaction passes it: a second pool connection taken while
 * holding one deadlocks the pool once every connection's holder waits for another.
 */
function activeRules(ctx: TenantContext, db: Kysely<TenantTables> = ctx.tenant.db): Promise<ActiveRules> {
  return ctx.platform.cache.read(tenantScope(ctx.tenant.clientCode), 'active-rules', async () => {
    const rules = (await listActiveRules(db)).map(toAutomationRule)
    const byTrigger = new Map<string, AutomationRule[]>()
    for (const rule of rules) byTrigger.set(rule.trigger, [...(byTrigger.get(rule.trigger) ?? []), rule])
    return { byTrigger, count: rules.length }
  })
}

/** The tenant's active rules of one trigger, oldest first (the order the engine runs them in). Shared: do not mutate. */
export async function activeRulesFor(ctx: TenantContext, trigger: string, db?: Kysely<TenantTables>): Promise<readonly AutomationRule[]> {
  return (await activeRules(ctx, db)).byTrigger.get(trigger) ?? []
}

/** The trigger names at least one active rule listens to. */
export async function activeRuleTriggers(ctx: TenantContext): Promise<string[]> {
  return [...(await activeRules(ctx)).byTrigger.keys()]
}

export async function countActiveRules(ctx: TenantContext): Promise<number> {
  return (await activeRules(ctx)).count
}

/**
 * Runs a write of the tenant's rules in a transaction and has every node drop its cached rules on
 * commit. A tenant in its own database is told through the platform's, right after the commit.
 */
export async function writeRules<T>(ctx: TenantContext, write: (trx: Transaction<TenantTables>) => Promise<T>): Promise<T> {
  const { cache, db: platformDb } = ctx.platform
  const scopes = [tenantScope(ctx.tenant.clientCode)]
  if (!ctx.tenant.sharesJobQueueDatabase) {
    const written = await ctx.tenant.db.transaction().execute(write)
    await cache.invalidate(platformDb, scopes)
    return written
  }
  return ctx.tenant.db.transaction().execute(async (trx) => {
    const written = await write(trx)
    await cache.invalidate(trx, scopes)
    return written
  })
}
