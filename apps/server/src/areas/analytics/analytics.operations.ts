import type { Operation } from '../../platform/http/operations'
import { getOverviewOperation } from './get-overview.handler'
import { getFunnelOperation } from './get-funnel.handler'
import { getForecastOperation } from './get-forecast.handler'
import { getSourcesOperation } from './get-sources.handler'
import { getTeamOperation } from './get-team.handler'
import { getHeatmapOperation } from './get-heatmap.handler'
import { getScoresOperation } from './get-scores.handler'
import { getStageTimeOperation } from './get-stage-time.handler'

export const analyticsOperations: Operation[] = [
  getOverviewOperation,
  getFunnelOperation,
  getForecastOperation,
  getSourcesOperation,
  getTeamOperation,
  getHeatmapOperation,
  getScoresOperation,
  getStageTimeOperation,
]
