import { parseArgs } from 'node:util'
import { clientFor } from '../client'
import { loadProfile } from '../config'
import { line } from '../output'

/** `ecodrix callbacks resend <deliveryId>`. */
export async function resendCallback(args: string[]): Promise<void> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { profile: { type: 'string', default: 'default' } } })
  const [deliveryId] = positionals
  if (!deliveryId) throw new Error('Usage: ecodrix callbacks resend <deliveryId>')
  const erix = clientFor(await loadProfile(values.profile))
  const resent = await erix.POST('/api/saas/callbacks/{deliveryId}/resend', { params: { path: { deliveryId } } })
  line(`Resent callback ${resent.deliveryId} (event ${resent.eventLogId}) as attempt ${resent.attempt}, job ${resent.jobId}`)
}
