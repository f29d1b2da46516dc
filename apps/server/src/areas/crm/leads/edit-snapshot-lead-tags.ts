import { sql } from 'kysely'
import { outboxDepthOf } from '../../../platform/outbox/outbox'
import type { OutboxEvent } from '../../../platform/outbox/outbox.repository'
import type { TenantContext } from '../../../platform/platform'
import type { LeadRow } from '../lead-records/leads.repository'
import { scoreCrossings, scoreOf } from '../scoring/score-lead'
import { scoringConfigFor } from '../scoring/scoring-config-for'
import { tagChanges } from './edit-lead-tags'

/**
 * The tag edit of `editLeadTags` for a caller that has just read the lead (the engine's run), in one
 * statement instead of a locked transaction: the new tags and score are computed from that
 * snapshot, and the update applies only if the lead has not changed since (its `updated_at`), with
 * the timeline entries and outbox rows (at the chain's next depth) in the same statement. Answers
 * the lead as written, or undefined when the snapshot was stale or the change would take it past
 * the tag limit: nothing was written, and the caller takes the locked path, which decides (and
 * refuses) on the lead as it is now. The caller has checked that something changes.
 */
export async function editSnapshotLeadTags({
  ctx,
  input,
}: {
  ctx: TenantContext
  input: { lead: LeadRow; add?: string[] | undefined; remove?: string[] | undefined }
}): Promise<LeadRow | undefined> {
  const { lead } = input
  const { tags, changes, overLimit } = tagChanges(lead, input.add ?? [], new Set(input.remove ?? []))
  if (overLimit) return undefined
  const config = await scoringConfigFor(ctx)
  const { score } = scoreOf({ ...lead, tags }, config.rules)
  const outbox: OutboxEvent[] = [
    ...changes.map(({ type, tag }) => ({ type, leadId: lead.id, payload: { tag } })),
    ...scoreCrossings(lead.id, lead.score, score, config),
  ]
  const depth = outboxDepthOf(ctx)
  const timeline = changes.map((change) => change.activity)
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
