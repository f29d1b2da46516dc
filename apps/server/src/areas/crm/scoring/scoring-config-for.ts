import { tenantScope } from '../../../platform/cache/node-cache'
import type { TenantContext } from '../../../platform/platform'
import type { ScoringConfig } from './scoring-config'
import { readScoringConfig } from './scoring.repository'

/** The tenant's scoring configuration, kept on this node until it changes (ADR 0010). */
export const scoringConfigFor = (ctx: TenantContext): Promise<ScoringConfig> =>
  ctx.platform.cache.read(tenantScope(ctx.tenant.clientCode), 'scoring-config', () => readScoringConfig(ctx.tenant.db))

/** After a committed change of the configuration: every node reads it again. */
export const scoringConfigChanged = (ctx: TenantContext) => ctx.platform.cache.invalidate(ctx.platform.db, [tenantScope(ctx.tenant.clientCode)])
