import type { Kysely } from 'kysely'

/**
 * An event's runs are inserted by the statement that inserts the event, and event logs are never
 * deleted, so checking each run's event_log_id (and locking the event row to do it) on every trigger
 * proves nothing. A run's rule_id is history: a deleted rule's id is cleared by the rule's delete
 * (as ON DELETE SET NULL did), and the run keeps the rule's name.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('action_runs').dropConstraint('action_runs_event_log_id_fkey').ifExists().execute()
  await db.schema.alterTable('action_runs').dropConstraint('action_runs_rule_id_fkey').ifExists().execute()
}
