import type { Operation } from '../../platform/http/operations'
import { archiveLeadOperation } from './archive-lead.handler'
import { convertLeadOperation } from './convert-lead.handler'
import { createLeadOperation } from './create-lead.handler'
import { editLeadTagsOperation } from './edit-lead-tags.handler'
import { exportLeadsOperation } from './export-leads.handler'
import { getLeadByRefOperation } from './get-lead-by-ref.handler'
import { getLeadOperation } from './get-lead.handler'
import { importLeadsOperation } from './import-leads.handler'
import { listLeadFieldsOperation } from './list-lead-fields.handler'
import { listLeadsOperation } from './list-leads.handler'
import { listStageLeadsOperation } from './list-stage-leads.handler'
import { moveLeadOperation } from './move-lead.handler'
import { updateLeadMetadataOperation } from './update-lead-metadata.handler'
import { updateLeadOperation } from './update-lead.handler'

/** `by-ref` comes before `{leadId}`, which would otherwise take the path and refuse it as an id. */
export const leadsOperations: Operation[] = [
  createLeadOperation,
  listLeadsOperation,
  importLeadsOperation,
  exportLeadsOperation,
  listLeadFieldsOperation,
  getLeadByRefOperation,
  getLeadOperation,
  editLeadTagsOperation,
  moveLeadOperation,
  archiveLeadOperation,
  updateLeadOperation,
  updateLeadMetadataOperation,
  convertLeadOperation,
  listStageLeadsOperation,
]
