// Meta's WhatsApp webhook deliveries as the Cloud API posts them, for tests that play a contact
// writing in: the server's own, and integrators' (`@ecodrix/server/testing/whatsapp`).
import { createHmac, randomBytes } from 'node:crypto'

export interface InboundText {
  /** The tenant's `whatsappPhoneNumberId`. */
  phoneNumberId: string
  /** The contact, digits with the country code as Meta sends them (`919876543210`). */
  from: string
  text: string
  /** When the contact wrote; now unless given. */
  at?: Date
  wamid?: string
  name?: string
}

/** A wamid shaped as Meta's. */
export const newWamid = () => `wamid.HBgM${randomBytes(12).toString('hex').toUpperCase()}`

/** Meta's Unix-seconds timestamp string. */
export const metaTimestamp = (at = new Date()) => String(Math.floor(at.getTime() / 1000))

/** Meta's webhook body for one `messages` change of the number: `value` holds `contacts`, `messages` or `statuses`. */
export function messagesDelivery(phoneNumberId: string, value: { contacts?: unknown[]; messages?: unknown[]; statuses?: unknown[] }) {
  return {
    object: 'whatsapp_business_account',
    entry: [
      {
        id: '102938475610293',
        changes: [
          {
            field: 'messages',
            value: { messaging_product: 'whatsapp', metadata: { display_phone_number: '15550783881', phone_number_id: phoneNumberId }, ...value },
          },
        ],
      },
    ],
  }
}

/** Meta's webhook body for one inbound text message, exactly as the Cloud API posts it. */
export function inboundTextDelivery({ phoneNumberId, from, text, at = new Date(), wamid, name = 'Ravi Kumar' }: InboundText) {
  return messagesDelivery(phoneNumberId, {
    contacts: [{ profile: { name }, wa_id: from }],
    messages: [{ from, id: wamid ?? newWamid(), timestamp: metaTimestamp(at), type: 'text', text: { body: text } }],
  })
}

/** `X-Hub-Signature-256` as Meta computes it over the exact bytes. */
export const metaSignature = (raw: string | Buffer, appSecret: string) => `sha256=${createHmac('sha256', appSecret).update(raw).digest('hex')}`
