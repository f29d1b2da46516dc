import { AppError } from '../../../platform/http/errors'
import { defineTenantOperation } from '../../../platform/http/operations'
import { scoringConfigChanged } from './scoring-config-for'
import { readScoringConfig, writeScoringConfig } from './scoring.repository'

/** Replaces the given parts of the configuration; the cold threshold must stay below the hot one. */
export const updateScoringConfigOperation = defineTenantOperation('scoring.update', async ({ ctx, input }) => {
  const updated = await ctx.tenant.db.transaction().execute(async (trx) => {
    const next = { ...(await readScoringConfig(trx)), ...input }
    if (next.coldThreshold >= next.hotThreshold) {
      throw new AppError('VALIDATION_ERROR', 'Invalid request: body.coldThreshold: must be below hotThreshold', [
        { path: 'body.coldThreshold', message: `Must be below hotThreshold (${next.hotThreshold})` },
      ])
    }
    for (const [index, rule] of next.rules.entries()) {
      if (rule.operator === 'in' && !Array.isArray(rule.value)) {
        throw new AppError('VALIDATION_ERROR', `Invalid request: body.rules.${index}.value: 'in' needs a list`, [
          { path: `body.rules.${index}.value`, message: "The 'in' operator needs a list" },
        ])
      }
    }
    await writeScoringConfig(trx, next)
    return next
  })
  await scoringConfigChanged(ctx)
  return updated
})
