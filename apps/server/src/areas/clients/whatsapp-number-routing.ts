import type { Transaction } from 'kysely'
import type { ControlTables } from '../../platform/database/control-tables'
import { AppError } from '../../platform/http/errors'
import type { Platform } from '../../platform/platform'
import { secretContext } from './secrets'
import { clientsWithUnroutedNumbers, routeWhatsappNumber, unrouteWhatsappNumbers } from './whatsapp-numbers.repository'

/** Keeps the webhook's routing in step with a `whatsappPhoneNumberId` being set (a string) or removed (null). */
export async function routeWhatsappNumberChange(trx: Transaction<ControlTables>, clientCode: string, phoneNumberId: string | null): Promise<void> {
  if (phoneNumberId === null) return unrouteWhatsappNumbers(trx, clientCode)
  if (!(await routeWhatsappNumber(trx, clientCode, phoneNumberId))) {
    throw new AppError('CONFLICT', `WhatsApp phone number id ${phoneNumberId} belongs to another client: a number receives one tenant's messages`, [
      { path: 'body.whatsappPhoneNumberId', message: 'Another client has this phone number id' },
    ])
  }
}

/** At start-up: routes numbers stored before the routing table existed (decrypting only those). */
export async function routeStoredWhatsappNumbers(platform: Platform): Promise<void> {
  for (const { clientCode, ciphertext } of await clientsWithUnroutedNumbers(platform.db)) {
    const phoneNumberId = platform.secretBox.decrypt(ciphertext, secretContext(clientCode, 'whatsappPhoneNumberId'))
    if (!(await routeWhatsappNumber(platform.db, clientCode, phoneNumberId))) {
      platform.logger.warn({ clientCode, phoneNumberId }, 'WhatsApp phone number id already belongs to another client: not routed to this one')
    }
  }
}
