import { sql, type Transaction } from 'kysely'
import type { TenantTables } from '../database/tenant-tables'
import type { TenantContext } from '../platform'

/** Told, after a commit, that a tenant's outbox has new rows. Never throws back at the writer. */
export type OutboxListener = (ctx: TenantContext) => Promise<void>

/**
 * The hook between areas that write outbox rows (the CRM, later the inbox) and the one that
 * consumes them (the automation engine): writers know only this, consumers subscribe at start-up.
 */
export interface Outbox {
  subscribe(listener: OutboxListener): void
  /**
   * Call after committing outbox rows. When the writer is itself a consumer's work (`ctx.cause`),
   * nobody is told: that consumer reads the rows it caused once its work is done.
   */
  committed(ctx: TenantContext): Promise<void>
}

export function createOutbox(): Outbox {
  const listeners: OutboxListener[] = []
  return {
    subscribe: (listener) => void listeners.push(listener),
    async committed(ctx) {
      if (ctx.cause) return
      for (const listener of listeners) await listener(ctx)
    },
  }
}

/** The depth of outbox rows written with this context: the chain's next one, or 0 outside a chain. */
export const outboxDepthOf = (ctx: TenantContext) => (ctx.cause ? ctx.cause.depth + 1 : 0)

/**
 * Runs `work` in one transaction of the tenant's database that may write outbox rows, then tells
 * the subscribers the rows are committed. Rows written on behalf of a consumer's work
 * (`ctx.cause`) carry the chain's next depth, so the consumer can stop a loop.
 */
export async function inOutboxTransaction<T>(ctx: TenantContext, work: (trx: Transaction<TenantTables>) => Promise<T>): Promise<T> {
  const result = await ctx.tenant.db.transaction().execute(async (trx) => {
    if (ctx.cause) await sql`select set_config('ecodrix.automation_depth', ${String(outboxDepthOf(ctx))}, true)`.execute(trx)
    return work(trx)
  })
  await ctx.platform.outbox.committed(ctx)
  return result
}
