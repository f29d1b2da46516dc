import type { Kysely } from 'kysely'
import type { TenantTables } from '../../../platform/database/tenant-tables'
import { ok } from '../../../platform/http/envelope'
import { defineTenantOperation } from '../../../platform/http/operations'
import { findOpenLeadByPhone, normalizePhone } from '../../crm'
import { toConversationView } from './conversation-view'
import { findConversationByPhone, insertConversationIfAbsent, type NewConversation } from './conversations.repository'
import { publishConversationUpdated } from './publish-conversation'

async function conversationForPhone(db: Kysely<TenantTables>, conversation: NewConversation & { phone: string }) {
  // A conversation deleted between these two statements frees its phone: the insert is tried again.
  for (;;) {
    const created = await insertConversationIfAbsent(db, conversation)
    if (created) return { row: created, created: true }
    const existing = await findConversationByPhone(db, conversation.phone)
    if (existing) return { row: existing, created: false }
  }
}

/** The phone's conversation: 201 when new (linked to the open lead with that phone, if any), 200 unchanged when it had one. */
export const createConversationOperation = defineTenantOperation('conversations.create', async ({ ctx, input, c }) => {
  const { db, defaultCountry } = ctx.tenant
  const phone = normalizePhone(input.phone, defaultCountry)
  const lead = await findOpenLeadByPhone(db, phone)
  const { row, created } = await conversationForPhone(db, { phone, name: input.name ?? null, lead_id: lead?.id ?? null })
  const view = toConversationView(row)
  if (!created) return view
  await publishConversationUpdated(ctx, view)
  return c.json(ok(view), 201)
})
