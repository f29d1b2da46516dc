import { defineTenantOperation } from '../../../platform/http/operations'
import { recordContact } from './record-contact'

export const createActivityOperation = defineTenantOperation('activities.create', ({ ctx, input }) => recordContact({ ctx, input }))
