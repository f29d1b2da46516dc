import { isEcodrixError } from '@ecodrix/sdk'
import { resendCallback } from './commands/callbacks-resend'
import { tailEvents } from './commands/events-tail'
import { listen } from './commands/listen'
import { login } from './commands/login'
import { trigger } from './commands/trigger'
import { paint } from './output'

const usage = `Usage: ecodrix <command> [options]   (every command takes --profile <name>, default "default")

  login [--api-url URL] [--api-key KEY] [--client-code CODE] [--webhook-secret SECRET]
        Checks the credentials and keeps them in the config dir (asks for what is missing on a terminal).
  trigger <name> [--phone P] [--email E] [--var k=v …] [--callback-url URL] [--create-lead]
          [--wait] [--timeout S]
        Fires a workflow trigger; with --wait follows its event log and exits 1 unless it completed.
  events tail [--trigger T] [--status S] [--since ISO] [--interval MS] [--count N]
        Prints the tenant's event logs as they arrive and change.
  callbacks resend <deliveryId>
        Sends a settled callback again, as a new attempt.
  listen --forward-to URL [--secret SECRET] [--events]
        Forwards this tenant's callbacks (and with --events its real-time frames) to URL, signed as in production.

Settings come from ECODRIX_API_URL, ECODRIX_API_KEY, ECODRIX_CLIENT_CODE and ECODRIX_WEBHOOK_SECRET when set,
else from the profile ecodrix login saved.`

type Command = (args: string[]) => Promise<number | void>

const commands: Record<string, Command> = {
  login,
  trigger,
  'events tail': tailEvents,
  'callbacks resend': resendCallback,
  listen,
}

function pick(argv: string[]): { command?: Command; args: string[] } {
  const [first = '', second = ''] = argv
  const pair = commands[`${first} ${second}`]
  if (pair) return { command: pair, args: argv.slice(2) }
  return { command: commands[first], args: argv.slice(1) }
}

async function main(argv: string[]): Promise<number> {
  if (argv.length === 0 || argv[0] === '--help' || argv[0] === 'help') {
    console.log(usage)
    return 0
  }
  const { command, args } = pick(argv)
  if (!command) {
    console.error(`Unknown command: ${argv.join(' ')}\n\n${usage}`)
    return 2
  }
  try {
    return (await command(args)) ?? 0
  } catch (error) {
    const detail = isEcodrixError(error) ? ` (${error.status} ${error.code})` : ''
    console.error(paint('red', `Error: ${(error as Error).message}${detail}`))
    return 1
  }
}

process.exitCode = await main(process.argv.slice(2))
