import type { z } from '@hono/zod-openapi'
import type { ConditionOperatorSchema } from '../../../generated/routes'

export type ConditionOperator = z.infer<typeof ConditionOperatorSchema>

const asNumber = (value: unknown): number | undefined => {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value)
  return undefined
}

function equal(actual: unknown, expected: unknown): boolean {
  const [a, b] = [asNumber(actual), asNumber(expected)]
  if (a !== undefined && b !== undefined) return a === b
  if (typeof actual === 'string' && typeof expected === 'string') return actual.toLowerCase() === expected.toLowerCase()
  return actual === expected
}

const isPresent = (value: unknown) =>
  value !== null && value !== undefined && value !== '' && !(Array.isArray(value) && value.length === 0)

/**
 * One condition `actual <operator> expected`, shared by scoring rules and automation conditions.
 * A comparison that does not apply (text with gt, say) is false rather than an error.
 */
export function evaluateCondition(actual: unknown, operator: ConditionOperator, expected: unknown): boolean {
  switch (operator) {
    case 'eq':
      return Array.isArray(actual) ? actual.some((item) => equal(item, expected)) : equal(actual, expected)
    case 'neq':
      return Array.isArray(actual) ? !actual.some((item) => equal(item, expected)) : !equal(actual, expected)
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte': {
      const [a, b] = [asNumber(actual), asNumber(expected)]
      if (a === undefined || b === undefined) return false
      return operator === 'gt' ? a > b : operator === 'gte' ? a >= b : operator === 'lt' ? a < b : a <= b
    }
    case 'contains':
      if (Array.isArray(actual)) return actual.some((item) => equal(item, expected))
      return typeof actual === 'string' && typeof expected === 'string' && actual.toLowerCase().includes(expected.toLowerCase())
    case 'in':
      return Array.isArray(expected) && expected.some((item) => (Array.isArray(actual) ? actual.some((a) => equal(a, item)) : equal(actual, item)))
    case 'exists':
      return expected === false ? !isPresent(actual) : isPresent(actual)
  }
}
