import { AppError } from '../../../platform/http/errors'

/**
 * One canonical form per number: `+` and 8 to 15 digits (E.164 length). Spaces, dashes, dots and
 * brackets are dropped and a leading `00` is read as `+`, so `+91 98765-43210`, `919876543210`
 * and `00919876543210` are the same person. Numbers without a country code stay as written.
 */
export function normalizePhone(raw: string, field = 'body.phone'): string {
  const compact = raw.trim().replace(/[\s().-]/g, '').replace(/^00/, '+')
  const digits = compact.replace(/^\+/, '')
  if (!/^\d{8,15}$/.test(digits)) {
    throw new AppError('VALIDATION_ERROR', `Invalid request: ${field}: not a phone number`, [
      { path: field, message: 'Expected 8 to 15 digits, optionally with +, spaces or dashes' },
    ])
  }
  return `+${digits}`
}
