import type { Operation } from '../../platform/http/operations'
import { createActivityOperation } from './create-activity.handler'
import { createNoteOperation } from './create-note.handler'
import { deleteNoteOperation } from './delete-note.handler'
import { getTimelineOperation } from './get-timeline.handler'
import { listActivitiesOperation } from './list-activities.handler'
import { listNotesOperation } from './list-notes.handler'
import { logCallOperation } from './log-call.handler'
import { toggleNotePinOperation } from './toggle-note-pin.handler'
import { updateNoteOperation } from './update-note.handler'

export const activitiesOperations: Operation[] = [
  getTimelineOperation,
  listActivitiesOperation,
  createActivityOperation,
  logCallOperation,
  listNotesOperation,
  createNoteOperation,
  updateNoteOperation,
  toggleNotePinOperation,
  deleteNoteOperation,
]
