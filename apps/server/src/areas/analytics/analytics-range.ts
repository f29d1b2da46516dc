export type AnalyticsRange = '7d' | '30d' | '90d' | '365d'

/** What every analytics operation takes: a range (30 days unless said) and, for some, a pipeline. */
export interface AnalyticsQuery {
  range?: AnalyticsRange | undefined
  pipelineId?: string | undefined
}

export const DEFAULT_RANGE: AnalyticsRange = '30d'

export const rangeDays = (range: AnalyticsRange = DEFAULT_RANGE): number => Number.parseInt(range, 10)

/** The moment `range` reaches back to from now. */
export const rangeStart = (range?: AnalyticsRange): Date => new Date(Date.now() - rangeDays(range) * 86_400_000)
