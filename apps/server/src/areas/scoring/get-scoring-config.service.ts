import type { TenantContext } from '../../platform/platform'
import { readScoringConfig } from './scoring.repository'

export async function getScoringConfig({ ctx }: { ctx: TenantContext; input?: undefined }) {
  return readScoringConfig(ctx.tenant.db)
}
