import { type Insertable, type Kysely, type Selectable, sql, type Transaction } from 'kysely'
import type { TenantTables } from '../../../platform/database/tenant-tables'
import { isUuid } from '../../../platform/database/uuid'

type Db = Kysely<TenantTables> | Transaction<TenantTables>
export type BroadcastRow = Selectable<TenantTables['broadcasts']>
export type RecipientRow = Selectable<TenantTables['broadcast_recipients']>
export type RecipientStatus = RecipientRow['status'] | 'sent' | 'delivered' | 'read' | 'failed'
export type RecipientCounts = Record<RecipientStatus, number>

/** A recipient to store: its place in the request, and either its E.164 phone or why it was rejected. */
export interface NewRecipient {
  position: number
  phone: string | null
  given_phone: string
  variables: string[]
  lead_id: string | null
  status: 'pending' | 'rejected'
  error: string | null
}

/**
 * A recipient's status: its own until its message is queued, then its message's (read here, never
 * copied, so every writer of a message's status keeps the recipient's right: ADR 0023).
 */
const recipientStatus = sql<RecipientStatus>`case when r.status = 'queued' then coalesce(m.status, 'queued') else r.status end`

/** The owner of `broadcasts` and `broadcast_recipients`; recipients' messages are read by a join on `messages`. */
export function insertBroadcast(db: Db, broadcast: Insertable<TenantTables['broadcasts']>): Promise<BroadcastRow> {
  return db.insertInto('broadcasts').values(broadcast).returningAll().executeTakeFirstOrThrow()
}

/** All the broadcast's recipients in one statement, however many (a JSON record set, not 100,000 bound rows). */
export async function insertRecipients(db: Db, broadcastId: string, recipients: NewRecipient[]): Promise<void> {
  const given = sql<NewRecipient>`(select * from jsonb_to_recordset(${JSON.stringify(recipients)}::jsonb)
    as r(position integer, phone text, given_phone text, variables jsonb, lead_id uuid, status text, error text))`
  await db
    .insertInto('broadcast_recipients')
    .columns(['broadcast_id', 'position', 'phone', 'given_phone', 'variables', 'lead_id', 'status', 'error'])
    .expression(
      db
        .selectFrom(given.as('r'))
        .select([sql<string>`${broadcastId}::uuid`.as('broadcast_id'), 'r.position', 'r.phone', 'r.given_phone', 'r.variables', 'r.lead_id', 'r.status', 'r.error']),
    )
    .execute()
}

export async function findBroadcast(db: Db, id: string): Promise<BroadcastRow | undefined> {
  if (!isUuid(id)) return undefined
  return db.selectFrom('broadcasts').selectAll().where('id', '=', id).executeTakeFirst()
}

export async function listBroadcastsPage(db: Db, filters: { status?: BroadcastRow['status'] | undefined }, page: { offset: number; limit: number }) {
  let query = db.selectFrom('broadcasts')
  if (filters.status) query = query.where('status', '=', filters.status)
  const [rows, count] = await Promise.all([
    query.selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc').offset(page.offset).limit(page.limit).execute(),
    query.select((eb) => eb.fn.countAll<string>().as('total')).executeTakeFirstOrThrow(),
  ])
  return { rows, total: Number(count.total) }
}

const NO_RECIPIENTS: RecipientCounts = { pending: 0, queued: 0, sent: 0, delivered: 0, read: 0, failed: 0, rejected: 0, cancelled: 0 }

/** Each broadcast's recipients counted by status. */
export async function countRecipients(db: Db, broadcastIds: string[]): Promise<Map<string, RecipientCounts>> {
  const counts = new Map(broadcastIds.map((id) => [id, { ...NO_RECIPIENTS }]))
  if (broadcastIds.length === 0) return counts
  const rows = await db
    .selectFrom('broadcast_recipients as r')
    .leftJoin('messages as m', 'm.id', 'r.message_id')
    .select((eb) => ['r.broadcast_id', recipientStatus.as('status'), eb.fn.countAll<string>().as('count')])
    .where('r.broadcast_id', 'in', broadcastIds)
    .groupBy(['r.broadcast_id', recipientStatus])
    .execute()
  for (const row of rows) counts.get(row.broadcast_id)![row.status] = Number(row.count)
  return counts
}

/** A recipient as listed: with its message's status, error and times. */
export interface RecipientWithMessage extends RecipientRow {
  shown_status: RecipientStatus
  conversation_id: string | null
  error_code: number | null
  error_title: string | null
  sent_at: Date | null
  delivered_at: Date | null
  read_at: Date | null
  failed_at: Date | null
}

export async function listRecipientsPage(db: Db, broadcastId: string, status: RecipientStatus | undefined, page: { offset: number; limit: number }) {
  let query = db.selectFrom('broadcast_recipients as r').leftJoin('messages as m', 'm.id', 'r.message_id').where('r.broadcast_id', '=', broadcastId)
  if (status) query = query.where(recipientStatus, '=', status)
  const [rows, count] = await Promise.all([
    query
      .selectAll('r')
      .select([recipientStatus.as('shown_status'), 'm.conversation_id', 'm.error_code', 'm.error_title', 'm.sent_at', 'm.delivered_at', 'm.read_at', 'm.failed_at'])
      .orderBy('r.position')
      .offset(page.offset)
      .limit(page.limit)
      .execute(),
    query.select((eb) => eb.fn.countAll<string>().as('total')).executeTakeFirstOrThrow(),
  ])
  return { rows: rows as RecipientWithMessage[], total: Number(count.total) }
}

/** Broadcasts not over whose start has come, oldest start first. */
export function dueBroadcasts(db: Db): Promise<BroadcastRow[]> {
  return db
    .selectFrom('broadcasts')
    .selectAll()
    .where('status', 'in', ['scheduled', 'sending'])
    .where('scheduled_at', '<=', sql<Date>`now()`)
    .orderBy('scheduled_at')
    .orderBy('id')
    .execute()
}

/** When the next broadcast not over is to start (now when one is under way). */
export async function nextBroadcastStartAt(db: Db): Promise<Date | undefined> {
  const row = await db
    .selectFrom('broadcasts')
    .select(sql<Date>`greatest(min(scheduled_at), now())`.as('at'))
    .where('status', 'in', ['scheduled', 'sending'])
    .having((eb) => eb.fn.countAll(), '>', 0)
    .executeTakeFirst()
  return row?.at ?? undefined
}

/**
 * The broadcast, if still to be sent, locked against its cancel (a share lock: feeders do not wait
 * for one another) until the transaction that queues its recipients ends.
 */
export function lockBroadcastToFeed(trx: Transaction<TenantTables>, id: string): Promise<BroadcastRow | undefined> {
  return trx.selectFrom('broadcasts').selectAll().where('id', '=', id).where('status', 'in', ['scheduled', 'sending']).forShare().executeTakeFirst()
}

/** The next `limit` pending recipients in order, held until the transaction ends; other feeders pass them. */
export function claimPendingRecipients(trx: Transaction<TenantTables>, broadcastId: string, limit: number): Promise<RecipientRow[]> {
  return trx
    .selectFrom('broadcast_recipients')
    .selectAll()
    .where('broadcast_id', '=', broadcastId)
    .where('status', '=', 'pending')
    .orderBy('position')
    .limit(limit)
    .forUpdate()
    .skipLocked()
    .execute()
}

/** Each recipient (by position) handed to the queue with its message; only a pending recipient without one changes. */
export async function markRecipientsQueued(db: Db, broadcastId: string, handed: { position: number; message_id: string }[]): Promise<number> {
  if (handed.length === 0) return 0
  const result = await db
    .updateTable('broadcast_recipients as r')
    .from(sql<{ position: number; message_id: string }>`(select * from jsonb_to_recordset(${JSON.stringify(handed)}::jsonb) as h(position integer, message_id uuid))`.as('h'))
    .set({ status: 'queued', message_id: sql.ref('h.message_id') })
    .where('r.broadcast_id', '=', broadcastId)
    .whereRef('r.position', '=', 'h.position')
    .where('r.status', '=', 'pending')
    .where('r.message_id', 'is', null)
    .executeTakeFirst()
  return Number(result.numUpdatedRows)
}

export async function markBroadcastStarted(db: Db, id: string): Promise<void> {
  await db
    .updateTable('broadcasts')
    .set({ status: 'sending', started_at: sql`coalesce(started_at, now())`, updated_at: sql`now()` })
    .where('id', '=', id)
    .where('status', 'in', ['scheduled', 'sending'])
    .where('started_at', 'is', null)
    .execute()
}

/** Marks the broadcast completed once no recipient waits and none of its messages is still in the queue; true when it did. */
export async function completeBroadcastIfDone(db: Db, id: string): Promise<boolean> {
  const result = await db
    .updateTable('broadcasts as b')
    .set({ status: 'completed', finished_at: sql`now()`, started_at: sql`coalesce(b.started_at, now())`, updated_at: sql`now()` })
    .where('b.id', '=', id)
    .where('b.status', 'in', ['scheduled', 'sending'])
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom('broadcast_recipients as r').select('r.position').whereRef('r.broadcast_id', '=', 'b.id').where('r.status', '=', 'pending'))),
    )
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('messages as m')
            .innerJoin('broadcast_recipients as r', 'r.message_id', 'm.id')
            .select('m.id')
            .whereRef('r.broadcast_id', '=', 'b.id')
            .where('m.status', '=', 'queued'),
        ),
      ),
    )
    .executeTakeFirst()
  return Number(result.numUpdatedRows) > 0
}

/** Cancels the broadcast unless it is over; undefined then. */
export function markBroadcastCancelled(trx: Transaction<TenantTables>, id: string): Promise<BroadcastRow | undefined> {
  return trx
    .updateTable('broadcasts')
    .set({ status: 'cancelled', cancelled_at: sql`now()`, finished_at: sql`now()`, updated_at: sql`now()` })
    .where('id', '=', id)
    .where('status', 'in', ['scheduled', 'sending'])
    .returningAll()
    .executeTakeFirst()
}

/** Recipients not yet handed to the queue are cancelled. */
export async function cancelPendingRecipients(trx: Transaction<TenantTables>, broadcastId: string): Promise<void> {
  await trx.updateTable('broadcast_recipients').set({ status: 'cancelled' }).where('broadcast_id', '=', broadcastId).where('status', '=', 'pending').execute()
}

/** The broadcast's messages still waiting in the queue (not in flight). */
export async function waitingMessageIds(trx: Transaction<TenantTables>, broadcastId: string): Promise<string[]> {
  const rows = await trx
    .selectFrom('messages as m')
    .innerJoin('broadcast_recipients as r', 'r.message_id', 'm.id')
    .select('m.id')
    .where('r.broadcast_id', '=', broadcastId)
    .where('m.status', '=', 'queued')
    .where('m.send_started_at', 'is', null)
    .execute()
  return rows.map((row) => row.id)
}

/** The recipients of these messages (cancelled before they left) are cancelled. */
export async function cancelRecipientsOfMessages(trx: Transaction<TenantTables>, messageIds: string[]): Promise<void> {
  if (messageIds.length === 0) return
  await trx.updateTable('broadcast_recipients').set({ status: 'cancelled' }).where('message_id', 'in', messageIds).execute()
}
