/**
 * A report's range ("created from `since` on") cut where the day rollups can answer it: from `since`
 * to the next UTC midnight (`firstDayStart`) rows are counted from their table, every UTC day from
 * `firstDay` (that midnight's date) on is read from the rollup. The reads stay exact and cost one
 * day of rows plus the rollup's days, whatever the table holds.
 */
export interface RollupWindow {
  since: Date
  firstDayStart: Date
  /** `firstDayStart` as YYYY-MM-DD. */
  firstDay: string
}

export function rollupWindow(since: Date): RollupWindow {
  const firstDayStart = new Date(Date.UTC(since.getUTCFullYear(), since.getUTCMonth(), since.getUTCDate() + 1))
  return { since, firstDayStart, firstDay: firstDayStart.toISOString().slice(0, 10) }
}
