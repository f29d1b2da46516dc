import type { TenantContext } from '../../platform/platform'
import { metadataKeys } from './leads.repository'

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
export async function listLeadFields({ ctx }: { ctx: TenantContext; input?: undefined }) {
  return { core: [...CORE_FIELDS], ...(await metadataKeys(ctx.tenant.db)) }
}
