import { sql } from 'kysely'
import type { OutboxEvent } from '../../../platform/outbox/outbox.repository'
import type { TenantContext } from '../../../platform/platform'
import type { LeadRow } from '../lead-records/leads.repository'
import { scoreOf } from '../scoring/score-lead'
import { scoringConfigFor } from '../scoring/scoring-config-for'

/**
 * The tag edit of `editLeadTags` for a caller that has just read the lead (the engine's run), in one
 * statement instead of a locked transaction: the new tags and score are computed from that
 * snapshot, and the update applies only if the lead has not changed since (its `updated_at`), with
 * the timeline entries and outbox rows (at the chain's next depth) in the same statement. Answers
 * the lead as written, or undefined when the snapshot was stale: nothing was written, and the caller
 * takes the locked path. The caller has checked that something changes.
 */
export async function editSnapshotLeadTags({
  ctx,
  input,
}: {
  ctx: TenantContext
  input: { lead: LeadRow; add?: string[] | undefined; remove?: string[] | undefined }
}): Promise<LeadRow | undefined> {
  const { lead } = input
  const remove = new Set(input.remove ?? [])
  const added = [...new Set(input.add ?? [])].filter((tag) => !lead.tags.includes(tag))
  const removed = lead.tags.filter((tag) => remove.has(tag))
  const tags = [...lead.tags.filter((tag) => !remove.has(tag)), ...added]
  const config = await scoringConfigFor(ctx)
  const { score } = scoreOf({ ...lead, tags }, config.rules)
  const changes: { type: 'tag_added' | 'tag_removed'; tag: string }[] = [
    ...added.map((tag) => ({ type: 'tag_added' as const, tag })),
    ...removed.map((tag) => ({ type: 'tag_removed' as const, tag })),
  ]
  const outbox: OutboxEvent[] = changes.map(({ type, tag }) => ({ type, leadId: lead.id, payload: { tag } }))
  const previousScore = lead.score
  if (previousScore < config.hotThreshold && score >= config.hotThreshold) {
    outbox.push({ type: 'score_above', leadId: lead.id, payload: { score, previousScore, threshold: config.hotThreshold } })
  }
  if (previousScore > config.coldThreshold && score <= config.coldThreshold) {
    outbox.push({ type: 'score_below', leadId: lead.id, payload: { score, previousScore, threshold: config.coldThreshold } })
  }
  const depth = ctx.cause ? ctx.cause.depth + 1 : 0
  const timeline = changes.map(({ type, tag }) => ({ type, title: `${type === 'tag_added' ? 'Tag added' : 'Tag removed'}: ${tag}`, data: { tag } }))
  // Each CTE writes only when the guarded update did (it selects from `updated`).
  const written = await ctx.tenant.db
    .with('updated', (cte) =>
      cte
        .updateTable('leads')
        .set({ tags, score, updated_at: new Date() })
        .where('id', '=', lead.id)
        .where(sql`date_trunc('milliseconds', updated_at)`, '=', lead.updated_at)
        .returningAll(),
    )
    .with('timeline', (cte) =>
      cte.insertInto('activities').columns(['lead_id', 'type', 'title', 'data']).expression((eb) =>
        eb
          .selectFrom('updated')
          .innerJoin(rowsOf(timeline).as('entry'), (join) => join.onTrue())
          .select([
            'updated.id',
            sql<string>`entry.value->>'type'`.as('type'),
            sql<string>`entry.value->>'title'`.as('title'),
            sql<string>`entry.value->'data'`.as('data'),
          ]),
      ),
    )
    .with('outbox', (cte) =>
      cte.insertInto('crm_events').columns(['type', 'lead_id', 'payload', 'depth']).expression((eb) =>
        eb
          .selectFrom('updated')
          .innerJoin(rowsOf(outbox).as('event'), (join) => join.onTrue())
          .select([
            sql<string>`event.value->>'type'`.as('type'),
            'updated.id',
            sql<string>`coalesce(event.value->'payload', '{}'::jsonb)`.as('payload'),
            sql<number>`${depth}::int`.as('depth'),
          ]),
      ),
    )
    .selectFrom('updated')
    .selectAll()
    .executeTakeFirst()
  if (written) await ctx.platform.outbox.committed(ctx)
  return written
}

/** A list of objects as rows of one jsonb column, `value`, to join in a statement. */
const rowsOf = (items: object[]) => sql`jsonb_array_elements(${JSON.stringify(items)}::jsonb)`
