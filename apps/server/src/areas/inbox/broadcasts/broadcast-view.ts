import type { Kysely } from 'kysely'
import type { TenantTables } from '../../../platform/database/tenant-tables'
import { AppError } from '../../../platform/http/errors'
import { type BroadcastRow, countRecipients, findBroadcast, type RecipientCounts, type RecipientWithMessage } from './broadcasts.repository'

const iso = (date: Date | null) => date?.toISOString() ?? null

/** A broadcast as the API shows it (spec component `Broadcast`). */
export function toBroadcastView(row: BroadcastRow, counts: RecipientCounts) {
  const left = counts.sent + counts.delivered + counts.read + counts.failed + counts.cancelled
  return {
    id: row.id,
    name: row.name,
    templateName: row.template_name,
    language: row.language,
    status: row.status,
    audience: row.audience,
    accepted: row.accepted,
    rejected: row.rejected,
    duplicates: row.duplicates,
    counts,
    progress: row.accepted === 0 ? 1 : Math.min(1, left / row.accepted),
    scheduledAt: row.scheduled_at.toISOString(),
    startedAt: iso(row.started_at),
    finishedAt: iso(row.finished_at),
    cancelledAt: iso(row.cancelled_at),
    createdAt: row.created_at.toISOString(),
  }
}

/** Broadcasts with their recipients counted (one statement for all). */
export async function broadcastViews(db: Kysely<TenantTables>, rows: BroadcastRow[]) {
  const counts = await countRecipients(db, rows.map((row) => row.id))
  return rows.map((row) => toBroadcastView(row, counts.get(row.id)!))
}

/** The broadcast, or 404 BROADCAST_NOT_FOUND (an unknown, malformed or another tenant's id alike). */
export async function requireBroadcast(db: Kysely<TenantTables>, id: string): Promise<BroadcastRow> {
  const row = await findBroadcast(db, id)
  if (!row) throw new AppError('BROADCAST_NOT_FOUND', `No broadcast ${id}`)
  return row
}

/** A recipient as listed (spec component `BroadcastRecipient`). */
export function toRecipientView(row: RecipientWithMessage) {
  return {
    position: row.position,
    phone: row.phone,
    givenPhone: row.given_phone,
    variables: row.variables,
    status: row.shown_status,
    error: row.error ?? row.error_title,
    errorCode: row.error_code,
    messageId: row.message_id,
    conversationId: row.conversation_id,
    sentAt: iso(row.sent_at),
    deliveredAt: iso(row.delivered_at),
    readAt: iso(row.read_at),
    failedAt: iso(row.failed_at),
  }
}
