import { defineTenantOperation } from '../../../platform/http/operations'
import { readScoringConfig } from './scoring.repository'

export const getScoringConfigOperation = defineTenantOperation('scoring.get', ({ ctx }) => readScoringConfig(ctx.tenant.db))
