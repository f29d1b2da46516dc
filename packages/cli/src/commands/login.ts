import { createInterface } from 'node:readline/promises'
import { parseArgs } from 'node:util'
import { clientFor } from '../client'
import { configPath, type Profile, saveProfile } from '../config'
import { line, paint } from '../output'

async function ask(question: string): Promise<string> {
  if (!process.stdin.isTTY) throw new Error(`${question} is missing: pass it as a flag (see ecodrix --help)`)
  const prompt = createInterface({ input: process.stdin, output: process.stdout })
  try {
    return (await prompt.question(`${question}: `)).trim()
  } finally {
    prompt.close()
  }
}

/** `ecodrix login`: checks the credentials with one authenticated call, then saves them. */
export async function login(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      'api-url': { type: 'string' },
      'api-key': { type: 'string' },
      'client-code': { type: 'string' },
      'webhook-secret': { type: 'string' },
      profile: { type: 'string', default: 'default' },
    },
  })
  const profile: Profile = {
    apiUrl: values['api-url'] ?? (await ask('API URL (e.g. https://api.ecodrix.com)')),
    apiKey: values['api-key'] ?? (await ask('API key')),
    clientCode: values['client-code'] ?? (await ask('Client code')),
    ...(values['webhook-secret'] ? { webhookSecret: values['webhook-secret'] } : {}),
  }
  await clientFor(profile).page('/api/saas/events/logs', { params: { query: { limit: 1 } } })
  await saveProfile(values.profile, profile)
  line(`${paint('green', 'Logged in')} as ${profile.clientCode} at ${profile.apiUrl} (profile ${values.profile}), saved to ${configPath()}`)
}
