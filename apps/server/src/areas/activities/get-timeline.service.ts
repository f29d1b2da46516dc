import type { TenantContext } from '../../platform/platform'
import { findActivities, timelinePage } from './activities.repository'
import { toActivityView } from './activity-view'
import { findNotes } from './notes.repository'
import { toNoteView } from './note-view'
import { requireLead } from './require-lead'

type TimelineItem = ({ kind: 'activity' } & ReturnType<typeof toActivityView>) | ({ kind: 'note' } & ReturnType<typeof toNoteView>)

/**
 * The page is chosen in SQL (activities and notes merged by date), then its rows are read in the
 * same repeatable-read snapshot, so every entry of the page is still there.
 */
export function getTimeline({ ctx, input }: { ctx: TenantContext; input: { leadId: string; page: number; limit: number } }) {
  return ctx.tenant.db
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute(async (trx) => {
      await requireLead(trx, input.leadId)
      const { rows, total } = await timelinePage(trx, input.leadId, { offset: (input.page - 1) * input.limit, limit: input.limit })
      const idsOf = (kind: 'activity' | 'note') => rows.filter((row) => row.kind === kind).map((row) => row.id)
      const [activities, notes] = await Promise.all([findActivities(trx, idsOf('activity')), findNotes(trx, idsOf('note'))])
      const views = new Map<string, TimelineItem>()
      for (const row of activities) views.set(row.id, { kind: 'activity', ...toActivityView(row) })
      for (const row of notes) views.set(row.id, { kind: 'note', ...toNoteView(row) })
      const items = rows.flatMap((row) => views.get(row.id) ?? [])
      return { items, total, page: input.page, limit: input.limit }
    })
}
