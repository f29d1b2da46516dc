import { RE2JS, RE2JSException } from 're2js'
import { AppError, type ErrorDetail } from '../../../platform/http/errors'
import type { AutoReplyFlow } from './auto-replies.repository'
import { type InboundText, normalizeText, withoutEndPunctuation } from './inbound-text'

/**
 * RE2 matches in time linear in the text, times the size of the pattern's program; a text is at most
 * 4,096 characters (Meta's limit), so bounding the programs bounds the time one message costs:
 * `.{200}y` (203 instructions) takes a few milliseconds, `\pL{1000}` (1,002) hundreds, and is refused.
 */
export const MAX_PATTERN_INSTRUCTIONS = 250
export const MAX_TOTAL_INSTRUCTIONS = 2500

export type TextMatcher = (text: InboundText) => boolean

const WORD_CHAR = String.raw`[\p{L}\p{M}\p{N}]`
const literal = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, String.raw`\$&`)

/** Problems found in the flows, each with its field: refused together in one 400. */
class Problems {
  readonly details: ErrorDetail[] = []
  add(path: string, message: string): void {
    this.details.push({ path, message })
  }
  throwAny(): void {
    if (this.details.length === 0) return
    const [first] = this.details
    throw new AppError('VALIDATION_ERROR', `Invalid request: ${first!.path}: ${first!.message}`, this.details)
  }
}

function normalizedKeywords(keywords: string[], path: string, problems: Problems, form: (keyword: string) => string): string[] {
  return keywords.map((keyword, index) => {
    const normalized = form(keyword)
    if (!normalized) problems.add(`${path}.${index}`, 'Empty once normalised (spaces and end punctuation are ignored)')
    return normalized
  })
}

/** A keyword as whole words: not preceded or followed by a letter, mark or digit. */
function containsMatcher(keywords: string[], path: string, problems: Problems): TextMatcher {
  const alternatives = normalizedKeywords(keywords, path, problems, normalizeText).map(literal).join('|')
  const pattern = new RegExp(`(?<!${WORD_CHAR})(?:${alternatives})(?!${WORD_CHAR})`, 'u')
  return (text) => pattern.test(text.normalized)
}

function exactMatcher(keywords: string[], path: string, problems: Problems): TextMatcher {
  const accepted = new Set(normalizedKeywords(keywords, path, problems, (keyword) => withoutEndPunctuation(normalizeText(keyword))))
  return (text) => accepted.has(text.exact)
}

/** An RE2 pattern and its program size, or undefined (a problem recorded) when RE2 refuses it. */
function compileRegex(pattern: string, path: string, problems: Problems): { regex: RE2JS; instructions: number } | undefined {
  try {
    const regex = RE2JS.compile(pattern, RE2JS.CASE_INSENSITIVE)
    const instructions: number = regex.re2().prog.numInst()
    if (instructions > MAX_PATTERN_INSTRUCTIONS) {
      problems.add(path, `Too large: ${instructions} RE2 instructions, at most ${MAX_PATTERN_INSTRUCTIONS} (use smaller repeat counts)`)
      return undefined
    }
    return { regex, instructions }
  } catch (error) {
    if (!(error instanceof RE2JSException)) throw error
    // RE2 has no backreferences or lookaround: the patterns that can backtrack catastrophically elsewhere.
    problems.add(path, `Not an RE2 pattern: ${error.message}`)
    return undefined
  }
}

export interface FlowMatcher {
  flow: AutoReplyFlow
  matches: TextMatcher
}

/**
 * The flows as matchers, in their order; or 400 `VALIDATION_ERROR` naming every field at fault
 * (a flow id given twice, a keyword empty once normalised, a pattern RE2 refuses or too large).
 */
export function compileFlows(flows: AutoReplyFlow[]): FlowMatcher[] {
  const problems = new Problems()
  const seen = new Set<string>()
  let instructions = 0
  const matchers = flows.map((flow, index): FlowMatcher => {
    const path = `body.flows.${index}`
    if (seen.has(flow.id)) problems.add(`${path}.id`, `Another flow has the id ${flow.id}`)
    seen.add(flow.id)
    const { match } = flow
    if ('contains' in match) return { flow, matches: containsMatcher(match.contains, `${path}.match.contains`, problems) }
    if ('exact' in match) return { flow, matches: exactMatcher(match.exact, `${path}.match.exact`, problems) }
    const compiled = compileRegex(match.regex, `${path}.match.regex`, problems)
    instructions += compiled?.instructions ?? 0
    return { flow, matches: (text) => compiled?.regex.test(text.raw) === true }
  })
  if (instructions > MAX_TOTAL_INSTRUCTIONS) {
    problems.add('body.flows', `The patterns total ${instructions} RE2 instructions, at most ${MAX_TOTAL_INSTRUCTIONS}`)
  }
  problems.throwAny()
  return matchers
}
