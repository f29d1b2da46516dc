import type { Hook } from '@hono/zod-openapi'
import { AppError } from './errors'

interface Issue {
  code?: string
  path: PropertyKey[]
  message: string
  keys?: string[]
}

const where = (target: string, path: PropertyKey[]) => [target === 'json' ? 'body' : target, ...path.map(String)].join('.')

/** Turns a schema violation into VALIDATION_ERROR naming every offending field. */
export const validationHook: Hook<unknown, any, any, unknown> = (result) => {
  if (result.success) return
  const target = (result as { target?: string }).target ?? 'request'
  const issues = (result.error as { issues: Issue[] }).issues
  const details = issues.flatMap((issue) =>
    issue.code === 'unrecognized_keys' && issue.keys
      ? issue.keys.map((key) => ({ path: where(target, [...issue.path, key]), message: 'Unknown field' }))
      : [{ path: where(target, issue.path), message: issue.message }],
  )
  const summary = details.map((detail) => `${detail.path}: ${detail.message}`).join('; ')
  throw new AppError('VALIDATION_ERROR', `Invalid request: ${summary}`, details)
}
