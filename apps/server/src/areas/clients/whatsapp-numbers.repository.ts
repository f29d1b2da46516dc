import type { Kysely, Transaction } from 'kysely'
import type { ControlTables } from '../../platform/database/control-tables'

type Db = Kysely<ControlTables> | Transaction<ControlTables>

// The owner of `whatsapp_phone_numbers`: which tenant a WhatsApp phone number id (its
// `whatsappPhoneNumberId` secret) belongs to, so Meta's one shared webhook is routed without
// decrypting secrets. Kept in the transaction that sets or removes the secret.

/** Routes the number to the client (dropping the client's previous number); false when another client has it. */
export async function routeWhatsappNumber(db: Db, clientCode: string, phoneNumberId: string): Promise<boolean> {
  await db.deleteFrom('whatsapp_phone_numbers').where('client_code', '=', clientCode).where('phone_number_id', '<>', phoneNumberId).execute()
  const routed = await db
    .insertInto('whatsapp_phone_numbers')
    .values({ phone_number_id: phoneNumberId, client_code: clientCode })
    .onConflict((oc) =>
      oc
        .column('phone_number_id')
        .doUpdateSet({ client_code: clientCode })
        .where('whatsapp_phone_numbers.client_code', '=', clientCode),
    )
    .returning('phone_number_id')
    .executeTakeFirst()
  return routed !== undefined
}

export async function unrouteWhatsappNumbers(db: Db, clientCode: string): Promise<void> {
  await db.deleteFrom('whatsapp_phone_numbers').where('client_code', '=', clientCode).execute()
}

/** The client whose `whatsappPhoneNumberId` is this number, if any. */
export async function clientOfWhatsappNumber(db: Db, phoneNumberId: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('whatsapp_phone_numbers')
    .select('client_code')
    .where('phone_number_id', '=', phoneNumberId)
    .executeTakeFirst()
  return row?.client_code
}

/** Clients with a stored `whatsappPhoneNumberId` that is not routed (set before the routing table existed). */
export async function clientsWithUnroutedNumbers(db: Db): Promise<{ clientCode: string; ciphertext: string }[]> {
  return db
    .selectFrom('client_secrets')
    .select(['client_code as clientCode', 'ciphertext'])
    .where('name', '=', 'whatsappPhoneNumberId')
    .where((eb) =>
      eb.not(
        eb.exists(
          eb.selectFrom('whatsapp_phone_numbers').select('phone_number_id').whereRef('whatsapp_phone_numbers.client_code', '=', 'client_secrets.client_code'),
        ),
      ),
    )
    .execute()
}
