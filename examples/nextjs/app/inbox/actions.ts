'use server'
// The inbox page's reads and sends, run on the Next.js server with the API key. A server action is a
// public endpoint: a real site checks its agent's session here first, and takes nothing from the
// browser but ids and text (the phone a reply goes to is the conversation's, read here).
import { isEcodrixError } from '@ecodrix/sdk'
import { ecodrixFromEnv } from '@/lib/ecodrix'
import type { Conversation, Message } from './types'

const PAGE_SIZE = 50

export type SendResult = { ok: true; message: Message } | { ok: false; code: string; message: string }

function requireString(value: unknown, name: string): string {
  if (typeof value !== 'string' || value.length === 0) throw new TypeError(`${name} must be a non-empty string`)
  return value
}

/** The newest conversations, the one with the newest message first (ECODrIx's order). */
export async function listConversations(): Promise<Conversation[]> {
  const { data } = await ecodrixFromEnv().page('/api/saas/chat/conversations', { params: { query: { limit: PAGE_SIZE } } })
  return data
}

/** Marks the conversation read and answers its newest messages, oldest first. */
export async function openConversation(conversationId: unknown): Promise<Message[]> {
  const path = { conversationId: requireString(conversationId, 'conversationId') }
  const erix = ecodrixFromEnv()
  await erix.POST('/api/saas/chat/conversations/{conversationId}/read', { params: { path } })
  return erix.GET('/api/saas/chat/conversations/{conversationId}/messages', { params: { path, query: { limit: PAGE_SIZE } } })
}

/** Queues a text reply; a refusal (e.g. OUTSIDE_SERVICE_WINDOW) is answered, not thrown, for the page to show. */
export async function sendText(conversationId: unknown, text: unknown): Promise<SendResult> {
  const path = { conversationId: requireString(conversationId, 'conversationId') }
  const erix = ecodrixFromEnv()
  try {
    const { phone } = await erix.GET('/api/saas/chat/conversations/{conversationId}', { params: { path } })
    const message = await erix.POST('/api/saas/chat/send', { body: { to: phone, text: requireString(text, 'text') }, idempotencyKey: true })
    return { ok: true, message }
  } catch (error) {
    if (!isEcodrixError(error)) throw error
    return { ok: false, code: error.code, message: error.message }
  }
}
