import type { Operation } from '../../platform/http/operations'
import { getScoringConfigOperation } from './get-scoring-config.handler'
import { recalculateLeadScoreOperation } from './recalculate-lead-score.handler'
import { updateScoringConfigOperation } from './update-scoring-config.handler'

export const scoringOperations: Operation[] = [getScoringConfigOperation, updateScoringConfigOperation, recalculateLeadScoreOperation]
