import { parseArgs } from 'node:util'
import type { TriggerPayload } from '@ecodrix/sdk'
import { clientFor } from '../client'
import { loadProfile } from '../config'
import { describeOutcome, followEvent } from '../follow-event'
import { line, paint } from '../output'

/** `--var k=v` pairs as an object; a value that reads as JSON (a number, true, an object…) is taken as such. */
function variablesOf(pairs: string[]): Record<string, unknown> {
  const variables: Record<string, unknown> = {}
  for (const pair of pairs) {
    const at = pair.indexOf('=')
    if (at <= 0) throw new Error(`--var ${pair}: expected key=value`)
    const raw = pair.slice(at + 1)
    let value: unknown = raw
    try {
      value = JSON.parse(raw)
    } catch {
      // a plain string
    }
    variables[pair.slice(0, at)] = value
  }
  return variables
}

/** `ecodrix trigger <name>`: fires it; with --wait, exits 1 unless the event completed. */
export async function trigger(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      phone: { type: 'string' },
      email: { type: 'string' },
      var: { type: 'string', multiple: true, default: [] },
      'callback-url': { type: 'string' },
      'create-lead': { type: 'boolean', default: false },
      wait: { type: 'boolean', default: false },
      timeout: { type: 'string', default: '120' },
      profile: { type: 'string', default: 'default' },
    },
  })
  const [name] = positionals
  if (!name) throw new Error('Usage: ecodrix trigger <name> [--phone P] [--var k=v …] [--create-lead] [--wait]')
  const erix = clientFor(await loadProfile(values.profile))
  const payload: TriggerPayload = {
    trigger: name,
    ...(values.phone ? { phone: values.phone } : {}),
    ...(values.email ? { email: values.email } : {}),
    ...(values.var.length > 0 ? { variables: variablesOf(values.var) } : {}),
    ...(values['callback-url'] ? { callbackUrl: values['callback-url'] } : {}),
    ...(values['create-lead'] ? { createLeadIfMissing: true } : {}),
  }
  const fired = await erix.trigger(payload)
  line(`Fired ${paint('bold', name)}: event ${fired.eventLogId}, ${fired.rulesMatched} rule(s) matched${fired.scheduled ? ', scheduled' : ''}`)
  if (!values.wait) return 0

  const finished = await followEvent(erix, fired.eventLogId, { timeoutMs: Number(values.timeout) * 1000 })
  if (!finished) {
    line(`event ${fired.eventLogId} had not finished after ${values.timeout} s`)
    return 1
  }
  line(describeOutcome(finished))
  return finished.status === 'completed' ? 0 : 1
}
