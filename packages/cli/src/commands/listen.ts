import { randomUUID } from 'node:crypto'
import { parseArgs } from 'node:util'
import { signWebhook } from '@ecodrix/sdk/webhooks'
import WebSocket from 'ws'
import { clientFor } from '../client'
import { loadProfile } from '../config'
import { line, paint, status } from '../output'

/** POSTs the body to the local receiver, signed with the tenant's secret as the server signs a callback. */
async function forward(url: string, secret: string, message: { id: string; body: string; label: string }): Promise<void> {
  const signed = await signWebhook({ secret, id: message.id, body: message.body })
  const headers = { 'content-type': 'application/json', 'user-agent': 'ecodrix-cli-listen', ...signed }
  try {
    const response = await fetch(url, { method: 'POST', headers, body: message.body })
    const outcome = response.ok ? 'delivered' : 'failed'
    line(`${message.label} → ${url} ${status(outcome)} ${response.status}`)
  } catch (error) {
    line(`${message.label} → ${url} ${status('failed')} ${(error as Error).message}`)
  }
}

/**
 * `ecodrix listen --forward-to URL`: each callback attempt the server makes for this tenant (the
 * real-time `callback:attempt` frame) is posted to URL too, with its `webhook-id` and body, signed
 * with the webhook secret; with `--events`, every other real-time frame as well. Runs until Ctrl-C.
 */
export async function listen(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      'forward-to': { type: 'string' },
      secret: { type: 'string' },
      events: { type: 'boolean', default: false },
      profile: { type: 'string', default: 'default' },
    },
  })
  const target = values['forward-to']
  if (!target) throw new Error('Usage: ecodrix listen --forward-to http://localhost:3000/api/ecodrix-callback')
  const profile = await loadProfile(values.profile)
  const secret = values.secret ?? profile.webhookSecret
  if (!secret) throw new Error('listen signs with the tenant webhook secret: pass --secret, set ECODRIX_WEBHOOK_SECRET or run ecodrix login --webhook-secret')

  const connection = clientFor(profile).realtime({ WebSocket })
  connection.on('open', () => line(`${paint('green', 'Ready')}: forwarding ${profile.clientCode}'s callbacks to ${target} (Ctrl-C to stop)`))
  connection.on('close', ({ code }) => line(paint('yellow', `connection closed (${code}), reconnecting…`)))
  connection.on('error', (error) => line(paint('red', `cannot connect: ${error.message}`)))
  connection.on('callback:attempt', (data) =>
    void forward(target, secret, { id: data.deliveryId, body: data.body, label: `callback ${data.deliveryId} attempt ${data.attempt}` }),
  )
  if (values.events) {
    for (const type of ['message:new', 'message:status', 'conversation:updated', 'conversation:deleted'] as const) {
      connection.on(type, (data) => void forward(target, secret, { id: `evt_${randomUUID()}`, body: JSON.stringify({ type, data }), label: type }))
    }
  }
  await new Promise<void>((resolve) => {
    for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => resolve())
  })
  connection.close()
}
