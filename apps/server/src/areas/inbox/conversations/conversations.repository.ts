import { type Insertable, type Kysely, type Selectable, type SelectQueryBuilder, sql, type Transaction, type Updateable } from 'kysely'
import type { TenantTables } from '../../../platform/database/tenant-tables'
import { containsPattern } from '../../../platform/database/like-pattern'
import { isUuid } from '../../../platform/database/uuid'

type Db = Kysely<TenantTables> | Transaction<TenantTables>
export type ConversationRow = Selectable<TenantTables['conversations']>
export type NewConversation = Insertable<TenantTables['conversations']>

/** The owner of `conversations`: every read and write of the table is a function here. */
export async function findConversation(db: Db, id: string): Promise<ConversationRow | undefined> {
  if (!isUuid(id)) return undefined
  return db.selectFrom('conversations').selectAll().where('id', '=', id).executeTakeFirst()
}

export function findConversationByPhone(db: Db, phone: string): Promise<ConversationRow | undefined> {
  return db.selectFrom('conversations').selectAll().where('phone', '=', phone).executeTakeFirst()
}

/** The phone's new conversation, or undefined when the phone already has one (its unique index decides, races included). */
export function insertConversationIfAbsent(db: Db, conversation: NewConversation): Promise<ConversationRow | undefined> {
  return db
    .insertInto('conversations')
    .values(conversation)
    .onConflict((oc) => oc.column('phone').doNothing())
    .returningAll()
    .executeTakeFirst()
}

/**
 * The conversations of many phones for a message queued to each (a broadcast's chunk), in one
 * statement: created when absent (linked to the lead given), and showing the message as their last.
 * Rows go in phone order, so two chunks sharing phones lock them in one order.
 */
export function recordOutboundToPhones(db: Db, phones: { phone: string; leadId: string | null }[], preview: string): Promise<Pick<ConversationRow, 'id' | 'phone'>[]> {
  if (phones.length === 0) return Promise.resolve([])
  const rows = [...phones]
    .sort((a, b) => (a.phone < b.phone ? -1 : a.phone > b.phone ? 1 : 0))
    .map(({ phone, leadId }) => ({ phone, lead_id: leadId, last_message_at: sql<Date>`now()`, last_message_preview: preview }))
  return db
    .insertInto('conversations')
    .values(rows)
    .onConflict((oc) =>
      oc.column('phone').doUpdateSet((eb) => ({
        last_message_at: eb.ref('excluded.last_message_at'),
        last_message_preview: eb.ref('excluded.last_message_preview'),
        lead_id: eb.fn.coalesce('conversations.lead_id', 'excluded.lead_id'),
        updated_at: sql`now()`,
      })),
    )
    .returning(['id', 'phone'])
    .execute()
}

export interface ConversationFilters {
  status?: 'open' | 'closed' | undefined
  /** Text the phone or the name contains. */
  search?: string | undefined
  /** The search read as a phone number (E.164), matched whole. */
  searchPhone?: string | undefined
  unread?: boolean | undefined
  assignedTo?: string | undefined
  tag?: string | undefined
}

function applyConversationFilters<O>(query: SelectQueryBuilder<TenantTables, 'conversations', O>, filters: ConversationFilters) {
  let q = query
  if (filters.status) q = q.where('status', '=', filters.status)
  if (filters.unread !== undefined) q = q.where('unread_count', filters.unread ? '>' : '=', 0)
  if (filters.assignedTo) q = q.where('assigned_to', '=', filters.assignedTo)
  if (filters.tag) q = q.where('tags', '@>', sql<string[]>`array[${filters.tag}]::text[]`)
  const { search, searchPhone } = filters
  if (search) {
    q = q.where((eb) => {
      // Lowered by PostgreSQL, as search_text is: conversations_search_text_idx serves the LIKE.
      const contains = sql<boolean>`search_text like lower(${containsPattern(search)})`
      return searchPhone ? eb.or([contains, eb('phone', '=', searchPhone)]) : contains
    })
  }
  return q
}

/** The newest message first (conversations_recent_idx's order), conversations without messages last. */
export async function listConversationsPage(db: Db, filters: ConversationFilters, page: { offset: number; limit: number }) {
  const [rows, count] = await Promise.all([
    applyConversationFilters(db.selectFrom('conversations').selectAll(), filters)
      .orderBy(sql`last_message_at desc nulls last`)
      .orderBy('id', 'desc')
      .offset(page.offset)
      .limit(page.limit)
      .execute(),
    applyConversationFilters(db.selectFrom('conversations').select((eb) => eb.fn.countAll<number>().as('total')), filters).executeTakeFirstOrThrow(),
  ])
  return { rows, total: Number(count.total) }
}

export async function updateConversationRow(
  db: Db,
  id: string,
  changes: Pick<Updateable<TenantTables['conversations']>, 'status' | 'assigned_to' | 'tags' | 'name'>,
): Promise<ConversationRow | undefined> {
  if (!isUuid(id)) return undefined
  return db
    .updateTable('conversations')
    .set({ ...changes, updated_at: new Date() })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst()
}

/** Unread back to 0, if it was not already: undefined when nothing was unread (or there is no such conversation). */
export async function clearConversationUnread(db: Db, id: string): Promise<ConversationRow | undefined> {
  if (!isUuid(id)) return undefined
  return db
    .updateTable('conversations')
    .set({ unread_count: 0, updated_at: new Date() })
    .where('id', '=', id)
    .where('unread_count', '>', 0)
    .returningAll()
    .executeTakeFirst()
}

/** One statement: its messages go with it (their foreign key cascades), all or nothing. */
export async function deleteConversation(db: Db, id: string): Promise<{ id: string } | undefined> {
  if (!isUuid(id)) return undefined
  return db.deleteFrom('conversations').where('id', '=', id).returning(['id']).executeTakeFirst()
}

/** An outbound message was queued: it is the conversation's last message (and the conversation learns its lead, if it had none). */
export function recordOutboundMessage(db: Db, id: string, message: { at: Date; preview: string; leadId: string | null }): Promise<ConversationRow> {
  return db
    .updateTable('conversations')
    .set((eb) => ({
      last_message_at: message.at,
      last_message_preview: message.preview,
      lead_id: eb.fn.coalesce('lead_id', eb.val(message.leadId)),
      updated_at: new Date(),
    }))
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow()
}

/**
 * The phone's conversation for a message the contact sent, made if absent: reopened, and given the
 * contact's profile name and the lead when it had none (a name set by hand is kept).
 */
export function upsertInboundConversation(db: Db, conversation: { phone: string; name: string | null; leadId: string }): Promise<ConversationRow> {
  return db
    .insertInto('conversations')
    .values({ phone: conversation.phone, name: conversation.name, lead_id: conversation.leadId })
    .onConflict((oc) =>
      oc.column('phone').doUpdateSet((eb) => ({
        name: eb.fn.coalesce('conversations.name', 'excluded.name'),
        lead_id: eb.fn.coalesce('conversations.lead_id', 'excluded.lead_id'),
        status: 'open',
        updated_at: sql`now()`,
      })),
    )
    .returningAll()
    .executeTakeFirstOrThrow()
}

/**
 * A new message from the contact: one more unread, and the last-message fields and the 24-hour
 * window moved to its time unless a later message is already recorded (Meta does not deliver in order).
 */
export function recordInboundMessage(db: Db, id: string, message: { at: Date; preview: string }): Promise<ConversationRow> {
  const isLatest = sql<boolean>`(last_message_at is null or last_message_at <= ${message.at})`
  return db
    .updateTable('conversations')
    .set({
      unread_count: sql`unread_count + 1`,
      last_message_preview: sql`case when ${isLatest} then ${message.preview} else last_message_preview end`,
      last_message_at: sql`greatest(last_message_at, ${message.at})`,
      last_inbound_at: sql`greatest(last_inbound_at, ${message.at})`,
      updated_at: sql`now()`,
    })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow()
}
