import type { z } from '@hono/zod-openapi'
import type { ScoringConfigSchema, ScoringRuleSchema } from '../../../generated/routes'

export type ScoringRule = z.infer<typeof ScoringRuleSchema>
export type ScoringConfig = z.infer<typeof ScoringConfigSchema>
