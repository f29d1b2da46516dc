import { z } from 'zod'
import { toStorableText } from '../../../platform/text/storable-text'

/**
 * Meta's webhook envelope (`entry[].changes[].value`), read leniently: Meta adds fields over time,
 * so only what routing and applying need is required, and one malformed message or status is
 * skipped, not the delivery.
 */
const envelopeSchema = z.object({
  object: z.literal('whatsapp_business_account'),
  entry: z.array(z.object({ changes: z.array(z.object({ field: z.string(), value: z.unknown() })) })),
})

const messagesValueSchema = z.object({
  metadata: z.object({ phone_number_id: z.string().min(1) }),
  contacts: z.array(z.unknown()).optional(),
  messages: z.array(z.unknown()).optional(),
  statuses: z.array(z.unknown()).optional(),
})

const contactSchema = z.object({ wa_id: z.string(), profile: z.object({ name: z.string().optional() }).optional() })

export const inboundMessageSchema = z.looseObject({
  from: z.string().min(1),
  id: z.string().min(1),
  timestamp: z.string(),
  type: z.string().min(1),
  context: z.object({ id: z.string().optional() }).optional(),
})
export type InboundMessage = z.infer<typeof inboundMessageSchema>

export const messageStatusSchema = z.object({
  id: z.string().min(1),
  status: z.string(),
  timestamp: z.string(),
  errors: z.array(z.object({ code: z.number().optional(), title: z.string().optional() })).optional(),
})
export type MessageStatusUpdate = z.infer<typeof messageStatusSchema>

/** One `messages` change of a delivery: for the tenant owning `phoneNumberId`. */
export interface WebhookChange {
  phoneNumberId: string
  /** Profile names by `wa_id`. */
  names: Map<string, string>
  messages: unknown[]
  statuses: unknown[]
}

export type ReadDelivery = { ok: true; changes: WebhookChange[] } | { ok: false; problem: string }

/** Text PostgreSQL cannot store (a NUL) is replaced, so a contact's odd message is kept rather than failing its delivery. */
function parseStorable(text: string): unknown {
  return JSON.parse(text, (_key, value: unknown) => (typeof value === 'string' ? toStorableText(value) : value))
}

function changeOf(value: unknown): WebhookChange | undefined {
  const parsed = messagesValueSchema.safeParse(value)
  if (!parsed.success) return undefined
  const names = new Map<string, string>()
  for (const contact of parsed.data.contacts ?? []) {
    const read = contactSchema.safeParse(contact)
    if (read.success && read.data.profile?.name) names.set(read.data.wa_id, read.data.profile.name)
  }
  return { phoneNumberId: parsed.data.metadata.phone_number_id, names, messages: parsed.data.messages ?? [], statuses: parsed.data.statuses ?? [] }
}

/** The delivery's `messages` changes (other fields, template or account updates, are not the inbox's), or why it is not a webhook. */
export function readDelivery(body: Buffer): ReadDelivery {
  let json: unknown
  try {
    json = parseStorable(body.toString('utf8'))
  } catch {
    return { ok: false, problem: 'the body is not JSON' }
  }
  const envelope = envelopeSchema.safeParse(json)
  if (!envelope.success) {
    const issue = envelope.error.issues[0]
    return { ok: false, problem: `not a WhatsApp Business Account webhook: ${issue?.path.join('.') || 'body'}: ${issue?.message}` }
  }
  const changes = envelope.data.entry.flatMap((entry) => entry.changes.filter((change) => change.field === 'messages').map((change) => changeOf(change.value)))
  return { ok: true, changes: changes.filter((change) => change !== undefined) }
}

/** Meta's Unix-seconds timestamp string; now when it is not one. */
export function metaTime(timestamp: string): Date {
  const seconds = Number(timestamp)
  return Number.isFinite(seconds) && seconds > 0 ? new Date(seconds * 1000) : new Date()
}
