// How frames, fetches and send answers merge: by id, the newer `updatedAt` winning, since a frame can
// overtake the answer it belongs with (a `message:status` before the send's own answer, say).
import type { Conversation, Message } from './types'

function isNewer(candidate: { updatedAt: string }, current: { updatedAt: string }): boolean {
  return Date.parse(candidate.updatedAt) >= Date.parse(current.updatedAt)
}

function upsert<T extends { id: string; updatedAt: string }>(items: T[], item: T): T[] {
  const index = items.findIndex(({ id }) => id === item.id)
  if (index === -1) return [...items, item]
  if (!isNewer(item, items[index]!)) return items
  return items.with(index, item)
}

/** ECODrIx's order: the newest last message first, conversations without messages last. */
function byLastMessage(a: Conversation, b: Conversation): number {
  const at = ({ lastMessageAt }: Conversation) => (lastMessageAt ? Date.parse(lastMessageAt) : 0)
  return at(b) - at(a)
}

export function upsertConversation(conversations: Conversation[], conversation: Conversation): Conversation[] {
  return upsert(conversations, conversation).toSorted(byLastMessage)
}

/** Messages oldest first, as `GET …/messages` answers them. */
export function upsertMessages(messages: Message[], incoming: Message[]): Message[] {
  return incoming
    .reduce((list, message) => upsert(list, message), messages)
    .toSorted((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt))
}
