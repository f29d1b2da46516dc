import { type CountryCode, parsePhoneNumberWithError } from 'libphonenumber-js/min'
import { AppError } from '../../../platform/http/errors'

/**
 * The one stored form of a phone, E.164 (`+919876543210`), from any way people write it: with a
 * country code (`+91 98765-43210`, `0091…`, `919876543210`) or nationally, trunk prefix or not, in
 * the tenant's country (`09876543210` in IN, `020 7946 0018` in GB). Undefined unless the whole text
 * is one number of a possible length for its country (ADR 0016: possible, not valid), without an extension.
 */
export function toE164(text: string, country: CountryCode): string | undefined {
  try {
    const number = parsePhoneNumberWithError(text, { defaultCountry: country, extract: false })
    return number.isPossible() && !number.ext ? number.number : undefined
  } catch {
    return undefined
  }
}

/** `toE164`, or 400 VALIDATION_ERROR naming `field`. */
export function normalizePhone(text: string, country: CountryCode, field = 'body.phone'): string {
  const e164 = toE164(text, country)
  if (e164) return e164
  throw new AppError('VALIDATION_ERROR', `Invalid request: ${field}: not a phone number`, [
    { path: field, message: `Expected one phone number of a possible length, without an extension; without a country code it is read as ${country}` },
  ])
}
