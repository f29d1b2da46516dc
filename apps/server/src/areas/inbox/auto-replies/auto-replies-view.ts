import type { AutoReplySettings } from './auto-replies.repository'

/** The flows as the API answers them (spec `AutoReplies`). */
export const toAutoRepliesView = ({ flows, fallback, updatedAt }: AutoReplySettings) => ({ flows, fallback, updatedAt: updatedAt?.toISOString() ?? null })
