import { AppError } from '../../../platform/http/errors'

/** Narrows a note a repository call may not have found, throwing the 404 otherwise. */
export function foundNote<T>(noteId: string, note: T | undefined): T {
  if (note === undefined) throw new AppError('NOTE_NOT_FOUND', `No note ${noteId}`)
  return note
}
