import { AppError } from './errors'

const dateOnly = /^\d{4}-\d{2}-\d{2}$/
const DAY_MS = 86_400_000

/**
 * `startDate`/`endDate` (ISO date or date-time) as a half-open range [from, before). A date-only
 * `endDate` covers its whole day (UTC). An end before the start is a 400.
 */
export function dateRange(input: { startDate?: string | undefined; endDate?: string | undefined }): {
  from: Date | undefined
  before: Date | undefined
} {
  const from = input.startDate === undefined ? undefined : new Date(input.startDate)
  const { endDate } = input
  const before = endDate === undefined ? undefined : new Date(Date.parse(endDate) + (dateOnly.test(endDate) ? DAY_MS : 1))
  if (from && before && before.getTime() <= from.getTime()) {
    const message = 'endDate is before startDate'
    throw new AppError('VALIDATION_ERROR', message, [{ path: 'query.endDate', message }])
  }
  return { from, before }
}
