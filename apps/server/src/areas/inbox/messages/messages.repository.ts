import { type Insertable, type Kysely, type Selectable, sql, type Transaction } from 'kysely'
import type { MessageMedia, TenantTables } from '../../../platform/database/tenant-tables'
import { isUuid } from '../../../platform/database/uuid'
import { lockWamids, takeEarlyStatuses } from './early-statuses.repository'

type Db = Kysely<TenantTables> | Transaction<TenantTables>
export type MessageRow = Selectable<TenantTables['messages']>
export type NewMessage = Insertable<TenantTables['messages']>

/** The owner of `messages`: every read and write of the table is a function here. */
export async function findMessage(db: Db, id: string): Promise<MessageRow | undefined> {
  if (!isUuid(id)) return undefined
  return db.selectFrom('messages').selectAll().where('id', '=', id).executeTakeFirst()
}

export function findMessageByWamid(db: Db, wamid: string): Promise<MessageRow | undefined> {
  return db.selectFrom('messages').selectAll().where('wamid', '=', wamid).executeTakeFirst()
}

/** Flips the flag in the row itself, so two concurrent toggles always cancel out. */
export async function toggleMessageStar(db: Db, id: string): Promise<MessageRow | undefined> {
  if (!isUuid(id)) return undefined
  return db
    .updateTable('messages')
    .set({ starred: sql<boolean>`not starred`, updated_at: new Date() })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst()
}

/**
 * The message, with the right to change its reaction until the transaction ends: reactions to one
 * message reach Meta and the row in one order. An advisory lock, not the row's: statuses and stars
 * are not held up while a reaction waits for Graph.
 */
export async function lockMessageReaction(trx: Transaction<TenantTables>, id: string): Promise<MessageRow | undefined> {
  if (!isUuid(id)) return undefined
  await sql`select pg_advisory_xact_lock(hashtext(${`ecodrix.message-reaction.${id}`}))`.execute(trx)
  return findMessage(trx, id)
}

/** Our reaction to the message; null removes it. */
export function setMessageReaction(db: Db, id: string, reaction: string | null): Promise<MessageRow | undefined> {
  return db.updateTable('messages').set({ reaction, updated_at: new Date() }).where('id', '=', id).returningAll().executeTakeFirst()
}

/** Whether `id` names a message of this conversation (a page cursor must). */
export async function isConversationMessage(db: Db, conversationId: string, id: string): Promise<boolean> {
  if (!isUuid(id)) return false
  const found = await db.selectFrom('messages').select('id').where('id', '=', id).where('conversation_id', '=', conversationId).executeTakeFirst()
  return found !== undefined
}

export interface MessageFilters {
  direction?: MessageRow['direction'] | undefined
  status?: MessageRow['status'] | undefined
}

/** Message ids of the conversation the page lies next to (checked with `isConversationMessage`). */
export interface MessageCursors {
  before?: string | undefined
  after?: string | undefined
}

// A cursor's position is read in SQL: timestamps have microseconds, a JavaScript Date only milliseconds.
const positionOf = (db: Db, id: string) => db.selectFrom('messages as cursor').select(['cursor.created_at', 'cursor.id']).where('cursor.id', '=', id)

/**
 * `limit` messages of the conversation in (created_at, id) order — messages_conversation_idx's —
 * oldest first: forward from `after` when given, else back from `before` (or from the newest).
 * `hasMore`: more lie beyond the page in the direction read.
 */
export async function listMessagesPage(db: Db, conversationId: string, filters: MessageFilters, cursors: MessageCursors, limit: number) {
  const forward = cursors.after !== undefined
  let query = db.selectFrom('messages').selectAll().where('conversation_id', '=', conversationId)
  if (filters.direction) query = query.where('direction', '=', filters.direction)
  if (filters.status) query = query.where('status', '=', filters.status)
  if (cursors.after) query = query.where(sql<boolean>`(created_at, id) > ${positionOf(db, cursors.after)}`)
  if (cursors.before) query = query.where(sql<boolean>`(created_at, id) < ${positionOf(db, cursors.before)}`)
  const order = forward ? 'asc' : 'desc'
  const rows = await query.orderBy('created_at', order).orderBy('id', order).limit(limit + 1).execute()
  const page = rows.slice(0, limit)
  return { rows: forward ? page : page.reverse(), hasMore: rows.length > limit }
}

/** The contact's last message Meta can be told was read (its wamid). */
export function findLastInboundWamid(db: Db, conversationId: string): Promise<{ wamid: string | null } | undefined> {
  return db
    .selectFrom('messages')
    .select('wamid')
    .where('conversation_id', '=', conversationId)
    .where('direction', '=', 'inbound')
    .where('wamid', 'is not', null)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst()
}

/** Queues an outbound message: due now, its conversation's messages sent in the order they were queued. */
export function insertOutboundMessage(db: Db, message: Omit<NewMessage, 'direction' | 'status' | 'next_attempt_at' | 'created_at'>): Promise<MessageRow> {
  return db
    .insertInto('messages')
    .values({ ...message, direction: 'outbound', status: 'queued', next_attempt_at: sql`now()`, created_at: sql`clock_timestamp()` })
    .returningAll()
    .executeTakeFirstOrThrow()
}

/**
 * `insertOutboundMessage` for many messages in one statement (a broadcast's chunk): each due now,
 * queued in the order given. Returns their ids and conversations, in no particular order.
 */
export function insertOutboundMessages(
  db: Db,
  messages: Omit<NewMessage, 'direction' | 'status' | 'next_attempt_at' | 'created_at'>[],
): Promise<Pick<MessageRow, 'id' | 'conversation_id'>[]> {
  if (messages.length === 0) return Promise.resolve([])
  return db
    .insertInto('messages')
    .values(messages.map((message) => ({ ...message, direction: 'outbound' as const, status: 'queued' as const, next_attempt_at: sql`now()`, created_at: sql`clock_timestamp()` })))
    .returning(['id', 'conversation_id'])
    .execute()
}

/** How many outbound messages wait in the queue, not yet in flight: the backlog a broadcast tops up. */
export async function countWaitingOutboundMessages(db: Db): Promise<number> {
  const { count } = await db
    .selectFrom('messages')
    .select((eb) => eb.fn.countAll<string>().as('count'))
    .where('status', '=', 'queued')
    .where('send_started_at', 'is', null)
    .executeTakeFirstOrThrow()
  return Number(count)
}

/** Fails these messages while still waiting in the queue (not in flight): what a cancelled broadcast had not sent. */
export function failWaitingMessages(db: Db, ids: string[], title: string): Promise<MessageRow[]> {
  if (ids.length === 0) return Promise.resolve([])
  return db
    .updateTable('messages')
    .set({ status: 'failed', failed_at: sql`now()`, error_code: null, error_title: title, next_attempt_at: null, updated_at: sql`now()` })
    .where('id', 'in', ids)
    .where('status', '=', 'queued')
    .where('send_started_at', 'is', null)
    .returningAll()
    .execute()
}

/** A claimed outbound message, with what its Graph body needs from the rows it points to. */
export interface ClaimedOutboundMessage extends MessageRow {
  phone: string
  reply_wamid: string | null
}

/**
 * Queued messages that may go next: not in flight, and first in their conversation's queue (no
 * earlier message of the conversation still queued or in flight), so a conversation's messages
 * reach Meta one at a time, in the order they were queued, whatever the number of workers.
 */
function nextInLine(db: Db) {
  return db
    .selectFrom('messages as q')
    .where('q.status', '=', 'queued')
    .where('q.send_started_at', 'is', null)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('messages as e')
            .select('e.id')
            .whereRef('e.conversation_id', '=', 'q.conversation_id')
            .where('e.status', '=', 'queued')
            .where((inner) => inner.or([inner('e.send_started_at', 'is not', null), inner(sql`(e.created_at, e.id)`, '<', sql`(q.created_at, q.id)`)])),
        ),
      ),
    )
}

/**
 * Marks up to `limit` due messages next in line in flight (`send_started_at`) and returns them,
 * oldest due first. `skip locked` lets concurrent claimers pass each other's rows.
 */
export function claimDueOutboundMessages(db: Db, limit: number): Promise<ClaimedOutboundMessage[]> {
  return db
    .updateTable('messages as m')
    .from('conversations as c')
    .set((eb) => ({ send_started_at: sql`now()`, send_attempts: eb('m.send_attempts', '+', 1), updated_at: sql`now()` }))
    .whereRef('c.id', '=', 'm.conversation_id')
    .where(
      'm.id',
      'in',
      nextInLine(db).select('q.id').where('q.next_attempt_at', '<=', sql<Date>`now()`).orderBy('q.next_attempt_at').orderBy('q.id').limit(limit).forUpdate().skipLocked(),
    )
    .returningAll('m')
    .returning((eb) => ['c.phone', eb.selectFrom('messages as r').select('r.wamid').whereRef('r.id', '=', 'm.reply_to_id').as('reply_wamid')])
    .execute() as Promise<ClaimedOutboundMessage[]>
}

/** What Graph's answer (or the lack of one) makes of a message in flight. */
export type SendOutcome =
  | { id: string; outcome: 'sent'; wamid: string }
  | { id: string; outcome: 'retry'; retryInMs: number }
  | { id: string; outcome: 'failed'; code: number | null; title: string }

/**
 * Stores the outcomes of messages in flight: sent (with the wamid Meta's statuses will name), back
 * in the queue for a later attempt, or failed with Meta's code and title. Only a message still in
 * flight changes, so an outcome is stored once. The statuses Meta sent for a wamid before it was
 * stored are applied in the same transaction (ADR 0020): the rows answered are the messages as
 * they end.
 */
export async function storeSendOutcomes(db: Kysely<TenantTables>, outcomes: SendOutcome[]): Promise<MessageRow[]> {
  const wamids = outcomes.flatMap((outcome) => (outcome.outcome === 'sent' ? [outcome.wamid] : []))
  if (wamids.length === 0) return updateSendOutcomes(db, outcomes)
  return db.transaction().execute(async (trx) => {
    await lockWamids(trx, wamids)
    const rows = await updateSendOutcomes(trx, outcomes)
    const early = await takeEarlyStatuses(trx, rows.flatMap((row) => (row.status === 'sent' && row.wamid ? [row.wamid] : [])))
    const advanced = new Map<string, MessageRow>()
    for (const status of early) {
      const message = await advanceOutboundStatus(trx, status)
      if (message) advanced.set(message.id, message)
    }
    return rows.map((row) => advanced.get(row.id) ?? row)
  })
}

/** The outcomes in one statement. */
async function updateSendOutcomes(db: Db, outcomes: SendOutcome[]): Promise<MessageRow[]> {
  if (outcomes.length === 0) return []
  const rows = outcomes.map((outcome) => ({
    id: outcome.id,
    outcome: outcome.outcome,
    wamid: outcome.outcome === 'sent' ? outcome.wamid : null,
    retry_ms: outcome.outcome === 'retry' ? outcome.retryInMs : null,
    code: outcome.outcome === 'failed' ? outcome.code : null,
    title: outcome.outcome === 'failed' ? outcome.title : null,
  }))
  const x = (column: string) => sql.ref(`x.${column}`)
  const outcome = x('outcome')
  return db
    .updateTable('messages as m')
    .from(
      sql<{ id: string }>`(select * from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
        as r(id uuid, outcome text, wamid text, retry_ms integer, code integer, title text))`.as('x'),
    )
    .set({
      status: sql`case ${outcome} when 'sent' then 'sent' when 'failed' then 'failed' else 'queued' end`,
      wamid: sql`coalesce(${x('wamid')}, m.wamid)`,
      sent_at: sql`case when ${outcome} = 'sent' then now() else m.sent_at end`,
      failed_at: sql`case when ${outcome} = 'failed' then now() else m.failed_at end`,
      error_code: sql`case when ${outcome} = 'failed' then ${x('code')} else m.error_code end`,
      error_title: sql`case when ${outcome} = 'failed' then ${x('title')} else m.error_title end`,
      next_attempt_at: sql`now() + make_interval(secs => ${x('retry_ms')}::float8 / 1000)`,
      send_started_at: null,
      updated_at: sql`now()`,
    })
    .whereRef('m.id', '=', 'x.id')
    .where('m.status', '=', 'queued')
    .where('m.send_started_at', 'is not', null)
    .returningAll('m')
    .execute()
}

/** When the next message in line is due (now, or after its backoff), if any. */
export async function nextOutboundDueAt(db: Db): Promise<Date | undefined> {
  const row = await nextInLine(db).select('q.next_attempt_at').orderBy('q.next_attempt_at').limit(1).executeTakeFirst()
  return row?.next_attempt_at ?? undefined
}

/**
 * Fails messages in flight since before `before`: their worker stopped between the claim and
 * storing Graph's answer, so Meta may have them. Not sent again, which could deliver them twice.
 */
export async function failInterruptedSends(db: Db, before: Date, title: string): Promise<MessageRow[]> {
  return db
    .updateTable('messages')
    .set({ status: 'failed', failed_at: sql`now()`, error_code: null, error_title: title, next_attempt_at: null, send_started_at: null, updated_at: sql`now()` })
    .where('status', '=', 'queued')
    .where('send_started_at', '<', before)
    .returningAll()
    .execute()
}

/** A received message, unless its wamid is already stored (Meta redelivers): undefined then. */
export function insertInboundMessage(db: Db, message: Omit<NewMessage, 'direction' | 'status'>): Promise<MessageRow | undefined> {
  return db
    .insertInto('messages')
    .values({ ...message, direction: 'inbound', status: 'received' })
    .onConflict((oc) => oc.column('wamid').doNothing())
    .returningAll()
    .executeTakeFirst()
}

export type DeliveryStatus = 'sent' | 'delivered' | 'read' | 'failed'

/** The statuses each status may follow: an outbound message only moves forward (a late `delivered` never undoes `read`). */
const EARLIER: Record<DeliveryStatus, MessageRow['status'][]> = {
  sent: ['queued'],
  delivered: ['queued', 'sent'],
  read: ['queued', 'sent', 'delivered'],
  failed: ['queued', 'sent'],
}
const STATUS_TIME = { sent: 'sent_at', delivered: 'delivered_at', read: 'read_at', failed: 'failed_at' } as const

/** Moves the outbound message with this wamid to `status` when that is forward (one guarded update); undefined otherwise. */
export function advanceOutboundStatus(
  db: Db,
  update: { wamid: string; status: DeliveryStatus; at: Date; error?: { code: number | null; title: string | null } | undefined },
): Promise<MessageRow | undefined> {
  return db
    .updateTable('messages')
    .set({
      status: update.status,
      [STATUS_TIME[update.status]]: update.at,
      ...(update.error ? { error_code: update.error.code, error_title: update.error.title } : {}),
      updated_at: sql`now()`,
    })
    .where('wamid', '=', update.wamid)
    .where('direction', '=', 'outbound')
    .where('status', 'in', EARLIER[update.status])
    .returningAll()
    .executeTakeFirst()
}

/** `advanceOutboundStatus` for many messages reaching one status at once (the sandbox's reports), in one statement. */
export function advanceOutboundStatuses(db: Db, wamids: string[], status: DeliveryStatus, at: Date): Promise<MessageRow[]> {
  return db
    .updateTable('messages')
    .set({ status, [STATUS_TIME[status]]: at, updated_at: sql`now()` })
    .where('wamid', 'in', wamids)
    .where('direction', '=', 'outbound')
    .where('status', 'in', EARLIER[status])
    .returningAll()
    .execute()
}

/** The contact's reaction (null removes it) on the message with this wamid; undefined when there is none. */
export function setContactReaction(db: Db, wamid: string, emoji: string | null): Promise<MessageRow | undefined> {
  return db
    .updateTable('messages')
    .set({ contact_reaction: emoji, updated_at: sql`now()` })
    .where('wamid', '=', wamid)
    .returningAll()
    .executeTakeFirst()
}

export function setMessageMedia(db: Db, id: string, media: MessageMedia): Promise<MessageRow | undefined> {
  return db
    .updateTable('messages')
    .set({ media: JSON.stringify(media), updated_at: sql`now()` })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst()
}
