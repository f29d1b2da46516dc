import { defineTenantOperation } from '../../../platform/http/operations'
import { metadataKeys } from '../lead-records/leads.repository'

const CORE_FIELDS = [
  { key: 'firstName', type: 'string' },
  { key: 'lastName', type: 'string' },
  { key: 'phone', type: 'string' },
  { key: 'email', type: 'string' },
  { key: 'source', type: 'string' },
  { key: 'status', type: 'string' },
  { key: 'assignedTo', type: 'string' },
  { key: 'tags', type: 'array' },
  { key: 'score', type: 'number' },
  { key: 'dealValue', type: 'number' },
  { key: 'dealTitle', type: 'string' },
  { key: 'createdAt', type: 'date' },
  { key: 'lastContactedAt', type: 'date' },
] as const

/** Fields a template variable or a rule can map: the core ones and every metadata key in use. */
export const listLeadFieldsOperation = defineTenantOperation('leads.fields', async ({ ctx }) => ({
  core: [...CORE_FIELDS],
  ...(await metadataKeys(ctx.tenant.db)),
}))
