import { setTimeout as sleep } from 'node:timers/promises'
import { parseArgs } from 'node:util'
import type { components } from '@ecodrix/sdk'
import { clientFor } from '../client'
import { loadProfile } from '../config'
import { line, status } from '../output'

const PAGE = 100

/**
 * `ecodrix events tail`: polls the newest page of event logs since `--since` (default: now) and
 * prints each event when it first appears and again whenever its status changes.
 */
export async function tailEvents(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      trigger: { type: 'string' },
      status: { type: 'string' },
      since: { type: 'string' },
      interval: { type: 'string', default: '2000' },
      count: { type: 'string' },
      profile: { type: 'string', default: 'default' },
    },
  })
  const erix = clientFor(await loadProfile(values.profile))
  const since = values.since ?? new Date().toISOString()
  const stopAfter = values.count === undefined ? Infinity : Number(values.count)
  const query = {
    startDate: since,
    limit: PAGE,
    ...(values.trigger ? { trigger: values.trigger } : {}),
    // Checked by the server: an unknown status answers 400 VALIDATION_ERROR.
    ...(values.status ? { status: values.status as components['schemas']['EventLogStatus'] } : {}),
  }
  const lastStatus = new Map<string, string>()
  let printed = 0
  for (;;) {
    const { data } = await erix.page('/api/saas/events/logs', { params: { query } })
    // Oldest first, so the output reads in the order things happened.
    for (const log of data.toReversed()) {
      if (lastStatus.get(log.id) === log.status) continue
      lastStatus.set(log.id, log.status)
      line(`${log.createdAt}  ${log.id}  ${log.trigger}  ${status(log.status)}${log.error ? `  ${log.error}` : ''}`)
      if (++printed >= stopAfter) return
    }
    await sleep(Number(values.interval))
  }
}
