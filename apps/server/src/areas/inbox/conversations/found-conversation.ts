import { AppError } from '../../../platform/http/errors'

/** Narrows a conversation a repository call may not have found, throwing the 404 otherwise. */
export function foundConversation<T>(conversationId: string, conversation: T | undefined): T {
  if (conversation === undefined) throw new AppError('CONVERSATION_NOT_FOUND', `No conversation ${conversationId}`)
  return conversation
}
