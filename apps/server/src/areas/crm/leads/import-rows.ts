import { parse } from 'csv-parse/sync'
import type { CountryCode } from 'libphonenumber-js/min'
import { ImportLeadRowSchema } from '../../../generated/routes'
import { AppError } from '../../../platform/http/errors'
import { normalizePhone } from './phone'

export const MAX_IMPORT_ROWS = 1000

export type ImportRow = ReturnType<typeof ImportLeadRowSchema.parse> & { phone: string; row: number }
export interface RowError {
  row: number
  path: string
  message: string
}

/** CSV cells are text: numbers and `;`-separated tags become what the row schema expects. */
function fromCsvRecord(record: Record<string, string>): Record<string, unknown> {
  const row: Record<string, unknown> = {}
  for (const [key, raw] of Object.entries(record)) {
    const value = raw.trim()
    if (value === '') continue
    if (key === 'dealValue') row[key] = Number(value)
    else if (key === 'tags') row[key] = value.split(';').map((tag) => tag.trim()).filter(Boolean)
    else row[key] = value
  }
  return row
}

export function parseCsvRows(text: string): Record<string, unknown>[] {
  try {
    const records = parse(text, { columns: true, skip_empty_lines: true, bom: true, trim: false }) as Record<string, string>[]
    return records.map(fromCsvRecord)
  } catch (error) {
    throw new AppError('VALIDATION_ERROR', `Invalid request: body: the CSV cannot be parsed (${(error as Error).message})`, [
      { path: 'body', message: (error as Error).message },
    ])
  }
}

/**
 * Validates each row on its own against the contract's ImportLeadRow, normalises phones (national
 * ones read in `country`) and keeps the first row of each phone; everything refused is reported by row number.
 */
export function validateRows(rows: unknown[], country: CountryCode): { valid: ImportRow[]; errors: RowError[] } {
  if (rows.length > MAX_IMPORT_ROWS) {
    throw new AppError('VALIDATION_ERROR', `Invalid request: body.leads: at most ${MAX_IMPORT_ROWS} rows per import (got ${rows.length})`, [
      { path: 'body.leads', message: `Too many rows: ${rows.length} > ${MAX_IMPORT_ROWS}` },
    ])
  }
  const valid: ImportRow[] = []
  const errors: RowError[] = []
  const seen = new Map<string, number>()
  rows.forEach((raw, index) => {
    const row = index + 1
    const parsed = ImportLeadRowSchema.safeParse(raw)
    if (!parsed.success) {
      for (const issue of parsed.error.issues) errors.push({ row, path: issue.path.join('.') || 'row', message: issue.message })
      return
    }
    let phone: string
    try {
      phone = normalizePhone(parsed.data.phone, country)
    } catch (error) {
      errors.push({ row, path: 'phone', message: (error as AppError).details?.[0]?.message ?? 'Invalid phone' })
      return
    }
    const first = seen.get(phone)
    if (first !== undefined) {
      errors.push({ row, path: 'phone', message: `Same phone as row ${first}` })
      return
    }
    seen.set(phone, row)
    valid.push({ ...parsed.data, phone, row })
  })
  return { valid, errors }
}
