import type { Kysely, Transaction } from 'kysely'
import type { TenantTables } from '../../../platform/database/tenant-tables'
import type { ScoringConfig, ScoringRule } from './scoring-config'

type Db = Kysely<TenantTables> | Transaction<TenantTables>

const DEFAULTS: ScoringConfig = { hotThreshold: 70, coldThreshold: 20, rules: [], recalculateOnTriggers: [] }

export async function readScoringConfig(db: Db): Promise<ScoringConfig> {
  const row = await db.selectFrom('scoring_config').selectAll().where('id', '=', 1).executeTakeFirst()
  if (!row) return DEFAULTS
  return {
    hotThreshold: row.hot_threshold,
    coldThreshold: row.cold_threshold,
    rules: row.rules as ScoringRule[],
    recalculateOnTriggers: row.recalculate_on_triggers,
  }
}

export async function writeScoringConfig(db: Db, config: ScoringConfig): Promise<void> {
  const values = {
    hot_threshold: config.hotThreshold,
    cold_threshold: config.coldThreshold,
    rules: JSON.stringify(config.rules),
    recalculate_on_triggers: config.recalculateOnTriggers,
  }
  await db
    .insertInto('scoring_config')
    .values({ id: 1, ...values })
    .onConflict((oc) => oc.column('id').doUpdateSet({ ...values, updated_at: new Date() }))
    .execute()
}
