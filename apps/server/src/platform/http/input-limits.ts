import { isStorableText, showUnstorable } from '../text/storable-text'
import type { ErrorDetail } from './errors'

/**
 * Sizes of request input no real client reaches, checked once on each request's parsed body, query,
 * path parameters and declared headers, before any route code. The spec's `info.description`
 * ("Limits") and the README say the same numbers.
 */
export const inputLimits = {
  /** Objects and arrays inside one another; the body itself is level 1. */
  maxDepth: 32,
  maxKeysPerObject: 1_000,
  /** Enough for the largest array the spec allows (an import's 1,000 rows). */
  maxArrayLength: 1_000,
  /** Enough for the longest string the spec allows (an email action's 200,000-character body). */
  maxStringLength: 200_000,
} as const

const unstorable = 'a NUL character or a lone UTF-16 surrogate, which cannot be stored'
/**
 * JavaScript objects (ours, the validators', most clients') treat a `__proto__` key as the object's
 * prototype, not a field: kept, it would be silently dropped or change what code sees. Refused, as
 * Fastify's body parser (secure-json-parse) does by default.
 */
const PROTO_KEY = 'A "__proto__" key is not accepted: JavaScript objects read it as their prototype, not as data'

interface Node {
  value: unknown
  key: string
  parent: Node | undefined
  depth: number
}

function pathOf(node: Node): string {
  const keys: string[] = []
  for (let at: Node | undefined = node; at; at = at.parent) keys.push(at.key)
  return keys.reverse().join('.')
}

function problemOf(node: Node, maxArrayLength: number): { message: string; key?: string } | undefined {
  const { value } = node
  if (typeof value === 'string') {
    if (value.length > inputLimits.maxStringLength) return { message: `Longer than ${inputLimits.maxStringLength} characters` }
    return isStorableText(value) ? undefined : { message: `Contains ${unstorable}` }
  }
  if (typeof value !== 'object' || value === null) return undefined
  if (node.depth > inputLimits.maxDepth) return { message: `Nested deeper than ${inputLimits.maxDepth} levels` }
  if (Array.isArray(value)) {
    return value.length > maxArrayLength ? { message: `More than ${maxArrayLength} items` } : undefined
  }
  const keys = Object.keys(value)
  if (keys.length > inputLimits.maxKeysPerObject) return { message: `More than ${inputLimits.maxKeysPerObject} keys` }
  if (Object.hasOwn(value, '__proto__')) return { message: PROTO_KEY, key: '__proto__' }
  const badKey = keys.find((key) => !isStorableText(key))
  return badKey === undefined ? undefined : { message: `This key contains ${unstorable}`, key: badKey }
}

/**
 * The first place in `input` (a parsed JSON body, a query…) over a limit or holding text PostgreSQL
 * cannot store, named from `root` (`body.metadata.extra.a`). Walks with a stack of its own, not by
 * recursion, and never below the first level past `maxDepth`: a body nested 10,000 deep costs 33
 * levels and no call stack.
 */
export function inputProblem(input: unknown, root: string, maxArrayLength: number = inputLimits.maxArrayLength): ErrorDetail | undefined {
  const stack: Node[] = [{ value: input, key: root, parent: undefined, depth: 1 }]
  for (let node = stack.pop(); node; node = stack.pop()) {
    const problem = problemOf(node, maxArrayLength)
    if (problem) {
      const path = pathOf(node)
      return { path: problem.key === undefined ? path : `${path}.${showUnstorable(problem.key)}`, message: problem.message }
    }
    if (typeof node.value !== 'object' || node.value === null) continue
    const children = Object.entries(node.value)
    // Pushed last first, so the body is checked in document order.
    for (let i = children.length - 1; i >= 0; i--) {
      const [key, value] = children[i]!
      stack.push({ value, key, parent: node, depth: node.depth + 1 })
    }
  }
  return undefined
}
