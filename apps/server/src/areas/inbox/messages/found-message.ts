import { AppError } from '../../../platform/http/errors'

/** Narrows a message a repository call may not have found, throwing the 404 otherwise. */
export function foundMessage<T>(messageId: string, message: T | undefined): T {
  if (message === undefined) throw new AppError('MESSAGE_NOT_FOUND', `No message ${messageId}`)
  return message
}
