import type { TenantContext } from '../../platform/platform'
import { recordContact } from './record-contact'

export interface CreateActivityInput {
  leadId: string
  type: 'meeting' | 'email' | 'call' | 'whatsapp' | 'task' | 'custom'
  title: string
  body?: string | undefined
  performedBy?: string | undefined
}

export function createActivity({ ctx, input }: { ctx: TenantContext; input: CreateActivityInput }) {
  return recordContact(ctx, input)
}
