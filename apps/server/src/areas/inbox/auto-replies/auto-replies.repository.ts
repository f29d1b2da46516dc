import type { z } from '@hono/zod-openapi'
import type { Kysely } from 'kysely'
import type { AutoReplyFlowSchema, AutoReplyMessageSchema } from '../../../generated/routes'
import type { TenantTables } from '../../../platform/database/tenant-tables'

export type AutoReplyFlow = z.infer<typeof AutoReplyFlowSchema>
export type AutoReplyMessage = z.infer<typeof AutoReplyMessageSchema>

export interface AutoReplySettings {
  flows: AutoReplyFlow[]
  fallback: AutoReplyMessage | null
  /** Null until first saved. */
  updatedAt: Date | null
}

type Db = Kysely<TenantTables>

/** The owner of `auto_reply_settings` and `auto_replies`: every read and write of them is here. */
export async function readAutoReplySettings(db: Db): Promise<AutoReplySettings> {
  const row = await db.selectFrom('auto_reply_settings').selectAll().where('id', '=', 1).executeTakeFirst()
  if (!row) return { flows: [], fallback: null, updatedAt: null }
  return { flows: row.flows as AutoReplyFlow[], fallback: (row.fallback as AutoReplyMessage | null) ?? null, updatedAt: row.updated_at }
}

export async function writeAutoReplySettings(db: Db, settings: Omit<AutoReplySettings, 'updatedAt'>): Promise<AutoReplySettings> {
  const values = { flows: JSON.stringify(settings.flows), fallback: settings.fallback ? JSON.stringify(settings.fallback) : null }
  const row = await db
    .insertInto('auto_reply_settings')
    .values({ id: 1, ...values })
    .onConflict((oc) => oc.column('id').doUpdateSet({ ...values, updated_at: new Date() }))
    .returning('updated_at')
    .executeTakeFirstOrThrow()
  return { ...settings, updatedAt: row.updated_at }
}

/**
 * Claims the auto-reply to an inbound message: its id, or undefined when the key was claimed
 * before (a redelivery, a retry, a concurrent delivery of the same message).
 */
export async function claimAutoReply(db: Db, claim: { idempotencyKey: string; inboundMessageId: string; flowId: string | null }) {
  const row = await db
    .insertInto('auto_replies')
    .values({ idempotency_key: claim.idempotencyKey, inbound_message_id: claim.inboundMessageId, flow_id: claim.flowId })
    .onConflict((oc) => oc.column('idempotency_key').doNothing())
    .returning('id')
    .executeTakeFirst()
  return row?.id
}

/** What became of a claimed auto-reply: the queued message, or why none was queued. */
export async function recordAutoReplyOutcome(db: Db, id: string, outcome: { replyMessageId: string } | { error: string }): Promise<void> {
  const values = 'replyMessageId' in outcome ? { reply_message_id: outcome.replyMessageId } : { error: outcome.error }
  await db.updateTable('auto_replies').set(values).where('id', '=', id).execute()
}
