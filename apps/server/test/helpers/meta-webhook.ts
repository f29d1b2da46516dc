import { request } from './http'
import type { TestServer } from './test-server'
import { metaSignature } from '../../src/testing/whatsapp-delivery'

export {
  type InboundText,
  inboundTextDelivery,
  messagesDelivery,
  metaSignature,
  metaTimestamp,
  newWamid,
} from '../../src/testing/whatsapp-delivery'

/** Posts these bytes to the shared webhook with this signature header (none when undefined); the answer as is. */
export const postToWebhook = (server: TestServer, raw: string, signature: string | undefined) =>
  request(server, 'POST', '/api/webhooks/whatsapp', {
    headers: { 'content-type': 'application/json', ...(signature === undefined ? {} : { 'x-hub-signature-256': signature }) },
    raw,
  })

/** Posts a delivery to the shared webhook signed as Meta signs it; fails unless acknowledged. */
export async function deliverToWebhook(server: TestServer, appSecret: string, delivery: unknown) {
  const raw = JSON.stringify(delivery)
  const answer = await postToWebhook(server, raw, metaSignature(raw, appSecret))
  if (answer.status !== 200) throw new Error(`the webhook refused the delivery: ${answer.status} ${JSON.stringify(answer.body)}`)
  return answer
}
