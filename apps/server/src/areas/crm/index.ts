import type { Module } from '../../platform/module'
import { createActivityOperation } from './activities/create-activity'
import { listActivitiesOperation } from './activities/list-activities'
import { logCallOperation } from './activities/log-call'
import { getForecastOperation } from './analytics/get-forecast'
import { getFunnelOperation } from './analytics/get-funnel'
import { getHeatmapOperation } from './analytics/get-heatmap'
import { getOverviewOperation } from './analytics/get-overview'
import { getScoresOperation } from './analytics/get-scores'
import { getSourcesOperation } from './analytics/get-sources'
import { getStageTimeOperation } from './analytics/get-stage-time'
import { getTeamOperation } from './analytics/get-team'
import { archiveLeadOperation } from './leads/archive-lead'
import { convertLeadOperation } from './leads/convert-lead'
import { createLeadOperation } from './leads/create-lead'
import { editLeadTagsOperation } from './leads/edit-lead-tags'
import { exportLeadsOperation } from './leads/export-leads'
import { getLeadOperation } from './leads/get-lead'
import { getLeadByRefOperation } from './leads/get-lead-by-ref'
import { importLeadsOperation } from './leads/import-leads'
import { listLeadFieldsOperation } from './leads/list-lead-fields'
import { listLeadsOperation } from './leads/list-leads'
import { listStageLeadsOperation } from './leads/list-stage-leads'
import { moveLeadOperation } from './leads/move-lead'
import { updateLeadOperation } from './leads/update-lead'
import { updateLeadMetadataOperation } from './leads/update-lead-metadata'
import { createNoteOperation } from './notes/create-note'
import { deleteNoteOperation } from './notes/delete-note'
import { listNotesOperation } from './notes/list-notes'
import { toggleNotePinOperation } from './notes/toggle-note-pin'
import { updateNoteOperation } from './notes/update-note'
import { addStageOperation } from './pipelines/add-stage'
import { archivePipelineOperation } from './pipelines/archive-pipeline'
import { createPipelineOperation } from './pipelines/create-pipeline'
import { deleteStageOperation } from './pipelines/delete-stage'
import { duplicatePipelineOperation } from './pipelines/duplicate-pipeline'
import { getPipelineOperation } from './pipelines/get-pipeline'
import { getPipelineBoardOperation } from './pipelines/get-pipeline-board'
import { getPipelineForecastOperation } from './pipelines/get-pipeline-forecast'
import { listPipelinesOperation } from './pipelines/list-pipelines'
import { reorderStagesOperation } from './pipelines/reorder-stages'
import { setDefaultPipelineOperation } from './pipelines/set-default-pipeline'
import { updatePipelineOperation } from './pipelines/update-pipeline'
import { updateStageOperation } from './pipelines/update-stage'
import { getScoringConfigOperation } from './scoring/get-scoring-config'
import { recalculateLeadScoreOperation } from './scoring/recalculate-lead-score'
import { updateScoringConfigOperation } from './scoring/update-scoring-config'
import { getTimelineOperation } from './timeline/get-timeline'

/**
 * The headless CRM: leads, pipelines and stages, activities, notes, the timeline, scoring, analytics.
 * Its folders depend on one another in one direction: `lead-records` (the leads table) at the
 * bottom; `scoring` and `activities` (activities, stage stays) on it; `pipelines` on those;
 * `leads`, `notes`, `timeline` and `analytics` on top.
 */
export const crmModule: Module = {
  name: 'crm',
  operations: [
    createLeadOperation,
    listLeadsOperation,
    importLeadsOperation,
    exportLeadsOperation,
    listLeadFieldsOperation,
    getLeadByRefOperation,
    getLeadOperation,
    editLeadTagsOperation,
    moveLeadOperation,
    archiveLeadOperation,
    updateLeadOperation,
    updateLeadMetadataOperation,
    convertLeadOperation,
    listStageLeadsOperation,
    getTimelineOperation,
    listActivitiesOperation,
    createActivityOperation,
    logCallOperation,
    listNotesOperation,
    createNoteOperation,
    updateNoteOperation,
    toggleNotePinOperation,
    deleteNoteOperation,
    listPipelinesOperation,
    createPipelineOperation,
    getPipelineOperation,
    updatePipelineOperation,
    archivePipelineOperation,
    setDefaultPipelineOperation,
    duplicatePipelineOperation,
    addStageOperation,
    reorderStagesOperation,
    updateStageOperation,
    deleteStageOperation,
    getPipelineBoardOperation,
    getPipelineForecastOperation,
    getScoringConfigOperation,
    updateScoringConfigOperation,
    recalculateLeadScoreOperation,
    getOverviewOperation,
    getFunnelOperation,
    getForecastOperation,
    getSourcesOperation,
    getTeamOperation,
    getHeatmapOperation,
    getScoresOperation,
    getStageTimeOperation,
  ],
}

// What the automation engine's actions and trigger path use.
export { findLead, findOpenLeadByEmail, findOpenLeadByPhone, type LeadRow } from './lead-records/leads.repository'
export { type LeadFilters, leadPhones, openLeadIdsByPhone } from './lead-records/leads.repository'
export { createLead, createLeadWith } from './leads/create-lead'
export { editLeadTags } from './leads/edit-lead-tags'
export { moveLead } from './leads/move-lead'
export { normalizePhone, toE164 } from './leads/phone'
export { updateLead } from './leads/update-lead'
export { findStage } from './pipelines/pipelines.repository'
export { evaluateCondition } from './scoring/evaluate-condition'
export { leadFieldNames, leadFieldValue } from './lead-records/lead-fields'
// What WhatsApp template mappings read: the lead's placement and the metadata keys leads use.
export { leadPlacement } from './leads/lead-placement'
export { metadataKeys } from './lead-records/leads.repository'
export { leadFromJson, leadJson } from './lead-records/lead-json'
export { editSnapshotLeadTags } from './leads/edit-snapshot-lead-tags'
