import { type CountryCode, isSupportedCountry } from 'libphonenumber-js/min'
import { AppError } from '../../platform/http/errors'

/** A tenant's `defaultCountry` (the spec checks its shape): one whose phone numbers libphonenumber can read, or 400. */
export function phoneCountry(code: string): CountryCode {
  if (isSupportedCountry(code)) return code
  throw new AppError('VALIDATION_ERROR', `Invalid request: body.defaultCountry: no phone numbering plan is known for ${code}`, [
    { path: 'body.defaultCountry', message: 'Expected an ISO 3166-1 alpha-2 code of a country with phone numbers (IN, GB, US…)' },
  ])
}
