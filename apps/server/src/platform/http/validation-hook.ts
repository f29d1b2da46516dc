import type { Hook } from '@hono/zod-openapi'
import { AppError, type ErrorDetail } from './errors'
import { inputProblem } from './input-limits'

interface Issue {
  code?: string
  path: PropertyKey[]
  message: string
  keys?: string[]
}

const where = (target: string, path: PropertyKey[]) =>
  [target === 'json' || target === 'form' ? 'body' : target, ...path.map(String)].join('.')

/** VALIDATION_ERROR naming every offending field, in its message and its details. */
export function invalidRequest(details: ErrorDetail[]): AppError {
  const summary = details.map((detail) => `${detail.path}: ${detail.message}`).join('; ')
  return new AppError('VALIDATION_ERROR', `Invalid request: ${summary}`, details)
}

/**
 * Turns a schema violation into VALIDATION_ERROR naming every offending field, and refuses valid
 * query, path and header values that hold text PostgreSQL cannot store (the JSON body was checked
 * when it was parsed).
 */
export const validationHook: Hook<unknown, any, any, unknown> = (result) => {
  const target = (result as { target?: string }).target ?? 'request'
  if (result.success) {
    const problem = target === 'json' ? undefined : inputProblem(result.data, where(target, []))
    if (problem) throw invalidRequest([problem])
    return
  }
  const issues = (result.error as { issues: Issue[] }).issues
  throw invalidRequest(
    issues.flatMap((issue) =>
      issue.code === 'unrecognized_keys' && issue.keys
        ? issue.keys.map((key) => ({ path: where(target, [...issue.path, key]), message: 'Unknown field' }))
        : [{ path: where(target, issue.path), message: issue.message }],
    ),
  )
}
