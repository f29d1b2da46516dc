import type { CountryCode } from 'libphonenumber-js/min'
import { toE164 } from '../../crm'
import type { NewRecipient } from './broadcasts.repository'

export interface GivenRecipient {
  phone: string
  variables?: string[] | undefined
  leadId?: string | undefined
}

export interface PreparedRecipients {
  /** Every recipient to store: the accepted `pending`, the rejected with their error. */
  rows: NewRecipient[]
  accepted: number
  rejected: number
  duplicates: number
}

/**
 * The request's recipients as stored: each phone normalised as the CRM's are (E.164, read in the
 * tenant's country when written without a code), a phone given again dropped (one message per
 * phone: the first wins), a phone that is no number or a recipient with fewer variables than the
 * template's body has rejected with why. Positions are the recipients' places in the request.
 */
export function prepareRecipients(given: readonly GivenRecipient[], country: CountryCode, variablesNeeded: number): PreparedRecipients {
  const seen = new Set<string>()
  const rows: NewRecipient[] = []
  let rejected = 0
  given.forEach((recipient, position) => {
    const variables = recipient.variables ?? []
    const phone = toE164(recipient.phone, country)
    const base = { position, given_phone: recipient.phone, variables, lead_id: recipient.leadId ?? null }
    if (phone && seen.has(phone)) return
    const error = !phone
      ? `Not a phone number (read as ${country} without a country code)`
      : variables.length < variablesNeeded
        ? `The template's body needs ${variablesNeeded} variables; ${variables.length} given`
        : null
    if (phone) seen.add(phone)
    if (error) rejected += 1
    rows.push({ ...base, phone: phone ?? null, status: error ? 'rejected' : 'pending', error })
  })
  return { rows, accepted: rows.length - rejected, rejected, duplicates: given.length - rows.length }
}
