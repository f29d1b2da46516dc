import type { RawAnswer } from './send'
import type { SpecOperation } from './served-spec'

const mediaType = (contentType: string) => contentType.split(';')[0]!.trim().toLowerCase()

/** What is wrong with an answer by the contract: a 5xx, a status not declared, an error not in the envelope, a body its schema refuses. */
export function problemsOf(op: SpecOperation, answer: RawAnswer): string[] {
  const { status } = answer
  const shown = `${status} ${answer.text.slice(0, 300)}`
  if (status >= 500) return [`answered ${shown}`]
  const declared = op.responses[String(status)] ?? op.responses[`${String(status)[0]}XX`] ?? op.responses.default
  if (!declared) return [`answered ${status}, which the spec does not declare (${Object.keys(op.responses).join(', ')}): ${shown}`]
  const problems: string[] = []
  const json = answer.json === undefined || answer.json === 'invalid' ? undefined : answer.json.value
  if (answer.json === 'invalid') problems.push(`answered invalid JSON: ${shown}`)
  if (status >= 400) {
    const envelope = json as { success?: unknown; message?: unknown; code?: unknown } | undefined
    if (envelope?.success !== false || typeof envelope.message !== 'string' || typeof envelope.code !== 'string') {
      problems.push(`error answer outside the envelope {success:false,message,code}: ${shown}`)
    }
  }
  const types = Object.keys(declared)
  if (types.length === 0 || (answer.text === '' && status < 300 && !answer.contentType)) return problems
  const type = mediaType(answer.contentType)
  if (!types.includes(type)) return [...problems, `answered ${status} as ${type || 'no content type'}, declared ${types.join(', ')}`]
  const validate = declared[type]
  if (validate && json !== undefined && !validate(json)) {
    problems.push(`answered ${status} with a body its schema refuses (${JSON.stringify(validate.errors?.slice(0, 3))}): ${shown}`)
  }
  return problems
}
