import type { z } from '@hono/zod-openapi'
import type { AutomationActionSchema } from '../../../generated/routes'
import type { TenantContext } from '../../../platform/platform'
import type { LeadRow } from '../../crm'

export type AutomationAction = z.infer<typeof AutomationActionSchema>
export type ActionType = AutomationAction['type']

const CRM_ACTIONS: ReadonlySet<ActionType> = new Set(['move_stage', 'assign_to', 'add_tag', 'remove_tag'])

/** Actions that change the lead, writing CRM outbox events (system triggers) when they succeed. */
export const changesCrm = (type: ActionType) => CRM_ACTIONS.has(type)

/** The event an action runs for (from its event log). */
export interface ActionEvent {
  eventLogId: string
  trigger: string
  /** Automation chain depth of the event (0 for API triggers). */
  depth: number
  phone: string | null
  email: string | null
  variables: Record<string, unknown>
  data: Record<string, unknown>
}

export interface ActionArgs<T extends ActionType = ActionType> {
  /** With `cause` set, so CRM changes made by the action carry the chain depth. */
  ctx: TenantContext
  action: Extract<AutomationAction, { type: T }>
  /** The event's lead as it is now: the engine reads it just before each run, after earlier runs' changes. */
  lead: LeadRow | null
  event: ActionEvent
}

export type ActionOutcome =
  /** `lead`: the lead as the action left it, when it has it (saves the next action reading it again). */
  | { status: 'ok'; result?: Record<string, unknown>; lead?: LeadRow }
  | { status: 'failed'; reason: string; result?: Record<string, unknown> }
  | { status: 'skipped'; reason: string }

/** Runs one action for real. Expected failures (Graph API error, no phone…) are outcomes, not throws. */
export type ActionExecutor<T extends ActionType = ActionType> = (args: ActionArgs<T>) => Promise<ActionOutcome>

/** What an action would do (dry run): its configuration with values resolved, or why it would fail. Never writes. */
export type ActionPreviewer<T extends ActionType = ActionType> = (
  args: ActionArgs<T>,
) => Promise<{ resolved: Record<string, unknown>; problem?: string }>
