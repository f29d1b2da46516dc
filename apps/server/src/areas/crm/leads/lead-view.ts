import type { LeadRow } from '../lead-records/leads.repository'
import type { StageRow } from '../pipelines/pipelines.repository'

/** A lead as the API shows it (camelCase, numbers as numbers, dates as ISO strings). */
export function toLeadView(row: LeadRow, joined?: { pipeline: { id: string; name: string }; stage: StageRow }) {
  return {
    id: row.id,
    firstName: row.first_name,
    lastName: row.last_name,
    phone: row.phone,
    email: row.email,
    source: row.source,
    status: row.status,
    pipelineId: row.pipeline_id,
    stageId: row.stage_id,
    ...(joined
      ? {
          pipeline: joined.pipeline,
          stage: {
            id: joined.stage.id,
            name: joined.stage.name,
            color: joined.stage.color,
            probability: joined.stage.probability,
            isWon: joined.stage.is_won,
            isLost: joined.stage.is_lost,
          },
        }
      : {}),
    assignedTo: row.assigned_to,
    tags: row.tags,
    score: row.score,
    dealValue: row.deal_value === null ? null : Number(row.deal_value),
    dealTitle: row.deal_title,
    metadata: { refs: row.metadata.refs ?? {}, extra: row.metadata.extra ?? {} },
    closeReason: row.close_reason,
    closedAt: row.closed_at?.toISOString() ?? null,
    lastContactedAt: row.last_contacted_at?.toISOString() ?? null,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  }
}
