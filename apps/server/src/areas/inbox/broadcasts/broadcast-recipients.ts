import type { CountryCode } from 'libphonenumber-js/min'
import { setImmediate as nextTurn } from 'node:timers/promises'
import type { Transaction } from 'kysely'
import type { TenantTables } from '../../../platform/database/tenant-tables'
import { toE164 } from '../../crm'
import { insertRecipients, type NewRecipient } from './broadcasts.repository'

export interface GivenRecipient {
  phone: string
  variables?: string[] | undefined
  leadId?: string | undefined
}

export interface AcceptedRecipients {
  accepted: number
  rejected: number
  duplicates: number
  /** The first ten rejected, with why: what a broadcast nobody can receive answers. */
  firstRejected: NewRecipient[]
}

/** Recipients per insert: the next chunk is read while PostgreSQL stores this one. */
const CHUNK = 2_500

/**
 * Stores the request's recipients as the broadcast's: each phone normalised as the CRM's are
 * (E.164, read in the tenant's country when written without a code), a phone given again dropped
 * (one message per phone: the first wins), a phone that is no number or a recipient with fewer
 * variables than the template's body has stored rejected with why. Positions are the recipients'
 * places in the request. Reading phones is the request's CPU and inserting them PostgreSQL's, so
 * they overlap: one set-based insert per chunk, on the caller's transaction.
 */
export async function storeRecipients(
  trx: Transaction<TenantTables>,
  broadcastId: string,
  given: readonly GivenRecipient[],
  options: { country: CountryCode; variablesNeeded: number },
): Promise<AcceptedRecipients> {
  const seen = new Set<string>()
  const result: AcceptedRecipients = { accepted: 0, rejected: 0, duplicates: 0, firstRejected: [] }
  let storing: Promise<void> = Promise.resolve()
  for (let start = 0; start < given.length; start += CHUNK) {
    const rows: NewRecipient[] = []
    for (let position = start; position < Math.min(start + CHUNK, given.length); position += 1) {
      const recipient = given[position]!
      const phone = toE164(recipient.phone, options.country) ?? null
      if (phone !== null && seen.has(phone)) {
        result.duplicates += 1
        continue
      }
      if (phone !== null) seen.add(phone)
      const variables = recipient.variables ?? []
      const error =
        phone === null
          ? `Not a phone number (read as ${options.country} without a country code)`
          : variables.length < options.variablesNeeded
            ? `The template's body needs ${options.variablesNeeded} variables; ${variables.length} given`
            : null
      const row: NewRecipient = { position, phone, given_phone: recipient.phone, variables, lead_id: recipient.leadId ?? null, status: error ? 'rejected' : 'pending', error }
      if (error) {
        result.rejected += 1
        if (result.firstRejected.length < 10) result.firstRejected.push(row)
      } else result.accepted += 1
      rows.push(row)
    }
    await storing
    storing = insertRecipients(trx, broadcastId, rows)
    // One turn of the event loop puts the statement on the socket before the next chunk's reading.
    await nextTurn()
  }
  await storing
  return result
}
