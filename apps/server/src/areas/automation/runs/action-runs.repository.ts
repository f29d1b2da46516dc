import type { Insertable, Kysely, Selectable, Transaction } from 'kysely'
import type { TenantTables } from '../../../platform/database/tenant-tables'

type Db = Kysely<TenantTables> | Transaction<TenantTables>
export type ActionRunRow = Selectable<TenantTables['action_runs']>
export type NewActionRun = Insertable<TenantTables['action_runs']>

export async function insertActionRuns(db: Db, runs: NewActionRun[]): Promise<void> {
  if (runs.length > 0) await db.insertInto('action_runs').values(runs).execute()
}

/** The event's runs, in order. */
export function listActionRuns(db: Db, eventLogId: string): Promise<ActionRunRow[]> {
  return db.selectFrom('action_runs').selectAll().where('event_log_id', '=', eventLogId).orderBy('position').orderBy('created_at').orderBy('id').execute()
}

/** What ON DELETE SET NULL did before runs stopped referencing rules by foreign key (migration 0008). */
export async function forgetRuleOfRuns(db: Db, ruleId: string): Promise<void> {
  await db.updateTable('action_runs').set({ rule_id: null }).where('rule_id', '=', ruleId).execute()
}

export async function markRunScheduled(db: Db, id: string, jobId: string): Promise<void> {
  await db.updateTable('action_runs').set({ status: 'scheduled', job_id: jobId }).where('id', '=', id).where('status', '=', 'pending').execute()
}

/** The run, now `running`, if this caller is the one to run it; undefined when it was claimed before. */
export function claimRun(db: Db, id: string): Promise<ActionRunRow | undefined> {
  return db
    .updateTable('action_runs')
    .set((eb) => ({ status: 'running', attempts: eb('attempts', '+', 1), started_at: new Date() }))
    .where('id', '=', id)
    .where('status', 'in', ['pending', 'scheduled'])
    .returningAll()
    .executeTakeFirst()
}

/**
 * Fails runs left `running` since before `startedBefore` (their worker stopped mid-action). They are
 * not run again: whether the action happened is unknown, and running it twice is worse. Returns
 * their events' ids.
 */
export async function failInterruptedRuns(db: Db, startedBefore: Date, reason: string): Promise<string[]> {
  const rows = await db
    .updateTable('action_runs')
    .set({ status: 'failed', reason, finished_at: new Date() })
    .where('status', '=', 'running')
    .where('started_at', '<', startedBefore)
    .returning('event_log_id')
    .execute()
  return [...new Set(rows.map((row) => row.event_log_id))]
}
