import { type Kysely, type SelectQueryNode, sql, type TableNode } from 'kysely'

/**
 * Rollups the CRM reports read instead of scanning leads, activities and stage stays (ADR 0009):
 * per UTC day of creation (of a stay's end), the non-archived leads by stage, source, owner and
 * score bucket, the activities by performer, the finished stays by stage. Kept exact by deferred
 * row triggers that apply each committed change once, at commit, under the tenant's rollup lock.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('lead_stage_days')
    .addColumn('stage_id', 'uuid', (col) => col.notNull())
    .addColumn('status', 'text', (col) => col.notNull())
    .addColumn('day', 'date', (col) => col.notNull())
    .addColumn('pipeline_id', 'uuid', (col) => col.notNull())
    .addColumn('leads', 'integer', (col) => col.notNull())
    .addColumn('deal_value', 'numeric(18, 2)', (col) => col.notNull())
    .addPrimaryKeyConstraint('lead_stage_days_pkey', ['stage_id', 'status', 'day', 'pipeline_id'])
    .execute()
  await db.schema
    .createTable('lead_source_days')
    .addColumn('source', 'text')
    .addColumn('status', 'text', (col) => col.notNull())
    .addColumn('day', 'date', (col) => col.notNull())
    .addColumn('leads', 'integer', (col) => col.notNull())
    .addColumn('deal_value', 'numeric(18, 2)', (col) => col.notNull())
    .execute()
  // A lead without a source is its own group, as in GROUP BY: the null key must conflict with itself.
  await db.schema
    .createIndex('lead_source_days_key')
    .on('lead_source_days')
    .unique()
    .nullsNotDistinct()
    .columns(['day', 'status', 'source'])
    .execute()
  await db.schema
    .createTable('lead_owner_days')
    .addColumn('assigned_to', 'text', (col) => col.notNull())
    .addColumn('status', 'text', (col) => col.notNull())
    .addColumn('day', 'date', (col) => col.notNull())
    .addColumn('leads', 'integer', (col) => col.notNull())
    .addColumn('deal_value', 'numeric(18, 2)', (col) => col.notNull())
    .addPrimaryKeyConstraint('lead_owner_days_pkey', ['day', 'status', 'assigned_to'])
    .execute()
  await db.schema
    .createTable('lead_score_days')
    .addColumn('bucket', 'smallint', (col) => col.notNull())
    .addColumn('day', 'date', (col) => col.notNull())
    .addColumn('leads', 'integer', (col) => col.notNull())
    .addColumn('score', 'bigint', (col) => col.notNull())
    .addPrimaryKeyConstraint('lead_score_days_pkey', ['day', 'bucket'])
    .execute()
  await db.schema
    .createTable('activity_days')
    .addColumn('day', 'date', (col) => col.notNull())
    .addColumn('performed_by', 'text')
    .addColumn('activities', 'integer', (col) => col.notNull())
    .execute()
  await db.schema
    .createIndex('activity_days_key')
    .on('activity_days')
    .unique()
    .nullsNotDistinct()
    .columns(['day', 'performed_by'])
    .execute()
  await db.schema
    .createTable('stage_stay_days')
    .addColumn('pipeline_id', 'uuid', (col) => col.notNull())
    .addColumn('day', 'date', (col) => col.notNull())
    .addColumn('stage_id', 'uuid', (col) => col.notNull())
    .addColumn('stays', 'integer', (col) => col.notNull())
    .addColumn('seconds', 'numeric', (col) => col.notNull())
    .addPrimaryKeyConstraint('stage_stay_days_pkey', ['pipeline_id', 'day', 'stage_id'])
    .execute()

  // Reports count the first, partial day of their range from the table: these keep that a range read.
  await db.schema
    .createIndex('activities_performed_created_idx')
    .on('activities')
    .column('created_at')
    .where(sql.ref('performed_by'), 'is not', null)
    .execute()

  // The lead list filters by status, source, owner and tags next to its search. Separate GIN indexes
  // for search and tags made the planner AND the search's few rows with the bitmaps of a common tag
  // and status (hundreds of thousands of rows each: 350 ms at 1,000,000 leads); one multicolumn GIN
  // (btree_gin for the text columns) intersects them inside one scan (15 ms). It serves search or
  // tags alone as the two did. The search expression must stay the one leads.repository.ts searches with.
  await db.schema.dropIndex('leads_search_trgm_idx').execute()
  await db.schema.dropIndex('leads_tags_idx').execute()
  await db.schema
    .createIndex('leads_list_filters_idx')
    .on('leads')
    .using('gin')
    .columns(['status', 'source', 'assigned_to', 'tags'])
    .expression(
      sql`(coalesce(first_name, '') || ' ' || coalesce(last_name, '') || ' ' || coalesce(email, '') || ' ' || coalesce(phone, '') || ' ' || coalesce(deal_title, '')) public.gin_trgm_ops`,
    )
    .execute()

  const schema = schemaOf(db)
  for (const statement of rollupStatements(schema)) await sql.raw(statement).execute(db)
  // After the triggers: creating them waited for writers in flight and holds off new ones until
  // this commits, so the backfill counts exactly the rows the triggers will not.
  await sql`select ${sql.id(schema, 'rebuild_rollups')}()`.execute(db)
}

/** The tenant schema the migrator runs in; raw SQL must name it (the schema plugin rewrites only builder queries). */
function schemaOf(db: Kysely<any>): string {
  const query = db.selectFrom('leads').selectAll().toOperationNode() as SelectQueryNode
  const schema = (query.from?.froms[0] as TableNode | undefined)?.table.schema?.name
  if (!schema) throw new Error('migration 0007 must run on a Kysely bound to the tenant schema')
  return schema
}

/**
 * A rollup: its table, its key (column → expression over the row `r`), what it sums (column →
 * expression over `r`), which rows it counts, and the columns its unique index is on.
 */
interface Rollup {
  table: string
  key: Record<string, string>
  sums: Record<string, string>
  counts: string
  conflict: string[]
}

const day = (column: string) => `(${column} at time zone 'utc')::date`
const leadValue = 'coalesce(r.deal_value, 0)'
const liveLead = "r.status <> 'archived'"
const leadRollups: Rollup[] = [
  {
    table: 'lead_stage_days',
    key: { stage_id: 'r.stage_id', status: 'r.status', day: day('r.created_at'), pipeline_id: 'r.pipeline_id' },
    sums: { leads: '1', deal_value: leadValue },
    counts: liveLead,
    conflict: ['stage_id', 'status', 'day', 'pipeline_id'],
  },
  {
    table: 'lead_source_days',
    key: { source: 'r.source', status: 'r.status', day: day('r.created_at') },
    sums: { leads: '1', deal_value: leadValue },
    counts: liveLead,
    conflict: ['day', 'status', 'source'],
  },
  {
    table: 'lead_owner_days',
    key: { assigned_to: 'r.assigned_to', status: 'r.status', day: day('r.created_at') },
    sums: { leads: '1', deal_value: leadValue },
    counts: `${liveLead} and r.assigned_to is not null`,
    conflict: ['day', 'status', 'assigned_to'],
  },
  {
    table: 'lead_score_days',
    key: { bucket: 'least(r.score / 20, 4)', day: day('r.created_at') },
    sums: { leads: '1', score: 'r.score' },
    counts: liveLead,
    conflict: ['day', 'bucket'],
  },
]
const activityRollup: Rollup = {
  table: 'activity_days',
  key: { day: day('r.created_at'), performed_by: 'r.performed_by' },
  sums: { activities: '1' },
  counts: 'true',
  conflict: ['day', 'performed_by'],
}
const stayRollup: Rollup = {
  table: 'stage_stay_days',
  key: { pipeline_id: 'r.pipeline_id', day: day('r.exited_at'), stage_id: 'r.stage_id' },
  sums: { stays: '1', seconds: 'extract(epoch from r.exited_at - r.entered_at)' },
  counts: 'true',
  conflict: ['pipeline_id', 'day', 'stage_id'],
}

/**
 * Applies one row change to a rollup: the old row counted -1, the new one +1, netted per key, so a
 * change that leaves a rollup's key and sums alone writes nothing to it.
 */
function applyChange(s: string, rollup: Rollup): string {
  const keys = Object.keys(rollup.key)
  const sums = Object.keys(rollup.sums)
  const side = (row: 'old' | 'new', sign: string, op: string) => {
    const on = (expression: string) => expression.replace(/\br\./g, `${row}.`)
    const columns = [...keys.map((key) => `${on(rollup.key[key]!)} as ${key}`), ...sums.map((sum) => `${sign}(${on(rollup.sums[sum]!)}) as ${sum}`)]
    return `select ${columns.join(', ')} where tg_op <> '${op}' and ${on(rollup.counts)}`
  }
  return `insert into ${s}.${rollup.table} as t (${[...keys, ...sums].join(', ')})
    select ${[...keys, ...sums.map((sum) => `sum(${sum})`)].join(', ')}
    from (${side('old', '-', 'INSERT')} union all ${side('new', '', 'DELETE')}) as change
    group by ${keys.join(', ')}
    having ${sums.map((sum) => `sum(${sum}) <> 0`).join(' or ')}
    on conflict (${rollup.conflict.join(', ')}) do update set ${sums.map((sum) => `${sum} = t.${sum} + excluded.${sum}`).join(', ')}`
}

/**
 * A trigger function applying each change of its table's rows to `rollups`, in one statement. It
 * runs at commit, after the tenant's rollup lock: the commits of one tenant apply their changes one
 * at a time, so rollup rows are never locked in two orders (no deadlock), and a transaction holds
 * the lock only while it commits.
 */
function rollupFunction(s: string, name: string, rollups: Rollup[]): string {
  const changes = rollups.map((rollup) => applyChange(s, rollup))
  const ctes = changes.slice(0, -1).map((change, index) => `${rollups[index]!.table}_change as (${change})`)
  return `create function ${s}.${name}() returns trigger language plpgsql as $$
begin
  perform pg_advisory_xact_lock(hashtext('ecodrix.rollups.' || tg_table_schema));
  ${ctes.length > 0 ? `with ${ctes.join(',\n  ')}\n  ` : ''}${changes.at(-1)};
  return null;
end $$`
}

/** Deferred row triggers on `table` calling `fn` at commit: inserts, deletes, and updates that change `columns`. */
function rollupTriggers(s: string, table: string, fn: string, columns: string[]): string[] {
  const row = (version: string) => `(${columns.map((column) => `${version}.${column}`).join(', ')})`
  return [
    `create constraint trigger ${table}_rollup after insert or delete on ${s}.${table}
  deferrable initially deferred for each row execute function ${s}.${fn}()`,
    `create constraint trigger ${table}_rollup_update after update of ${columns.join(', ')} on ${s}.${table}
  deferrable initially deferred for each row when (${row('old')} is distinct from ${row('new')}) execute function ${s}.${fn}()`,
  ]
}

/** Recounts a rollup from its table. */
function recount(s: string, rollup: Rollup, from: string): string {
  const keys = Object.keys(rollup.key)
  const columns = [...keys.map((key) => `${rollup.key[key]} as ${key}`), ...Object.keys(rollup.sums).map((sum) => `sum(${rollup.sums[sum]}) as ${sum}`)]
  return `delete from ${s}.${rollup.table};
  insert into ${s}.${rollup.table} (${[...keys, ...Object.keys(rollup.sums)].join(', ')})
  select ${columns.join(', ')} from ${s}.${from} as r where ${rollup.counts} group by ${keys.map((_, index) => index + 1).join(', ')};`
}

/** The functions and triggers of the tenant schema `schema`. */
function rollupStatements(schema: string): string[] {
  const s = `"${schema.replaceAll('"', '""')}"`
  const literal = `'${schema.replaceAll("'", "''")}'`
  return [
    rollupFunction(s, 'leads_rollup', leadRollups),
    ...rollupTriggers(s, 'leads', 'leads_rollup', ['stage_id', 'pipeline_id', 'status', 'created_at', 'deal_value', 'source', 'assigned_to', 'score']),
    rollupFunction(s, 'activities_rollup', [activityRollup]),
    ...rollupTriggers(s, 'activities', 'activities_rollup', ['created_at', 'performed_by']),
    rollupFunction(s, 'stage_stays_rollup', [stayRollup]),
    ...rollupTriggers(s, 'stage_stays', 'stage_stays_rollup', ['pipeline_id', 'stage_id', 'entered_at', 'exited_at']),
    // Recounts every rollup from its table: the migration's backfill, and after rows were written
    // with the triggers disabled (the CRM bench seeds so).
    `create function ${s}.rebuild_rollups() returns void language plpgsql as $$
begin
  perform pg_advisory_xact_lock(hashtext('ecodrix.rollups.' || ${literal}));
  ${leadRollups.map((rollup) => recount(s, rollup, 'leads')).join('\n  ')}
  ${recount(s, activityRollup, 'activities')}
  ${recount(s, stayRollup, 'stage_stays')}
end $$`,
  ]
}
