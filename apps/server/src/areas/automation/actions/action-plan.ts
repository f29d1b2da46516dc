import { AppError } from '../../../platform/http/errors'
import type { ActionOutcome } from './action-executor'

type Resolved = Record<string, unknown>

export interface StoppedPlan {
  ready: false
  outcome: 'failed' | 'skipped'
  reason: string
  resolved: Resolved
}

/**
 * What an action resolved to before doing anything. An action's executor and previewer share the
 * code that builds it, so a dry run shows exactly the values a real run would use. `credentials`
 * is what the executor needs besides (tokens, passwords): never shown.
 */
export type ActionPlan<R extends Resolved, C = undefined> = { ready: true; resolved: R; credentials: C } | StoppedPlan

export const stop = (outcome: StoppedPlan['outcome'], reason: string, resolved: Resolved = {}): StoppedPlan => ({
  ready: false,
  outcome,
  reason,
  resolved,
})

export function ready<R extends Resolved>(resolved: R): { ready: true; resolved: R; credentials: undefined }
export function ready<R extends Resolved, C>(resolved: R, credentials: C): { ready: true; resolved: R; credentials: C }
export function ready(resolved: Resolved, credentials?: unknown) {
  return { ready: true, resolved, credentials }
}

/** The outcome of a plan that stops before acting. */
export function stoppedOutcome(plan: StoppedPlan): ActionOutcome {
  return plan.outcome === 'failed' ? { status: 'failed', reason: plan.reason } : { status: 'skipped', reason: plan.reason }
}

export function previewOf(plan: ActionPlan<Resolved, unknown>): { resolved: Resolved; problem?: string } {
  return plan.ready ? { resolved: plan.resolved } : { resolved: plan.resolved, problem: plan.reason }
}

/** Runs a CRM service; the errors it throws on purpose (no such stage, …) become a failed outcome. */
export async function failedOnAppError(work: () => Promise<ActionOutcome>): Promise<ActionOutcome> {
  try {
    return await work()
  } catch (error) {
    if (error instanceof AppError) return { status: 'failed', reason: error.message }
    throw error
  }
}
