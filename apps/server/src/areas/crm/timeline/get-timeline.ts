import { defineTenantOperation, Page } from '../../../platform/http/operations'
import { findActivities } from '../activities/activities.repository'
import { toActivityView } from '../activities/activity-view'
import { requireLead } from '../lead-records/require-lead'
import { toNoteView } from '../notes/note-view'
import { findNotes } from '../notes/notes.repository'
import { timelinePage } from './timeline.repository'

type TimelineItem = ({ kind: 'activity' } & ReturnType<typeof toActivityView>) | ({ kind: 'note' } & ReturnType<typeof toNoteView>)

/**
 * The page is chosen in SQL (activities and notes merged by date), then its rows are read in the
 * same repeatable-read snapshot, so every entry of the page is still there.
 */
export const getTimelineOperation = defineTenantOperation('timeline.get', ({ ctx, input }) => {
  const { page, limit } = input
  return ctx.tenant.db
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute(async (trx) => {
      await requireLead(trx, input.leadId)
      const { rows, total } = await timelinePage(trx, input.leadId, { offset: (page - 1) * limit, limit })
      const idsOf = (kind: 'activity' | 'note') => rows.filter((row) => row.kind === kind).map((row) => row.id)
      const [activities, notes] = await Promise.all([findActivities(trx, idsOf('activity')), findNotes(trx, idsOf('note'))])
      const views = new Map<string, TimelineItem>()
      for (const row of activities) views.set(row.id, { kind: 'activity', ...toActivityView(row) })
      for (const row of notes) views.set(row.id, { kind: 'note', ...toNoteView(row) })
      return new Page(
        rows.flatMap((row) => views.get(row.id) ?? []),
        { total, page, limit },
      )
    })
})
