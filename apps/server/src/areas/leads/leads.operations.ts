import type { Operation } from '../../platform/http/operations'
import { archiveLeadOperation } from './archive-lead.handler'
import { convertLeadOperation } from './convert-lead.handler'
import { createLeadOperation } from './create-lead.handler'
import { editLeadTagsOperation } from './edit-lead-tags.handler'
import { getLeadByRefOperation } from './get-lead-by-ref.handler'
import { getLeadOperation } from './get-lead.handler'
import { listLeadsOperation } from './list-leads.handler'
import { moveLeadOperation } from './move-lead.handler'
import { updateLeadMetadataOperation } from './update-lead-metadata.handler'
import { updateLeadOperation } from './update-lead.handler'

/** `by-ref` comes before `{leadId}`, which would otherwise take the path and refuse it as an id. */
export const leadsOperations: Operation[] = [
  createLeadOperation,
  listLeadsOperation,
  getLeadByRefOperation,
  getLeadOperation,
  editLeadTagsOperation,
  moveLeadOperation,
  archiveLeadOperation,
  updateLeadOperation,
  updateLeadMetadataOperation,
  convertLeadOperation,
]
