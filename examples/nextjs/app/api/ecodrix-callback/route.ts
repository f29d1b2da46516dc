// POST /api/ecodrix-callback: the seed's Step 4 with the SDK's verifier, which accepts both the
// `x-ecodrix-signature` header and Standard Webhooks headers and refuses stale timestamps. Any 2xx
// tells ECODrIx the callback arrived; anything else makes it retry.
import { verifyWebhook, WebhookVerificationError } from '@ecodrix/sdk/webhooks'

export const dynamic = 'force-dynamic'

export async function POST(request: Request): Promise<Response> {
  const rawBody = await request.text()
  const secret = process.env.ECODRIX_WEBHOOK_SECRET
  if (!secret) throw new Error('ECODRIX_WEBHOOK_SECRET is not set (see .env.example)')
  let verified
  try {
    verified = await verifyWebhook({ rawBody, headers: request.headers, secret })
  } catch (error) {
    if (!(error instanceof WebhookVerificationError)) throw error
    return Response.json({ error: 'Invalid signature', reason: error.reason }, { status: 401 })
  }
  const { payload } = verified
  if (payload.type === 'workflow.completed') {
    // A real site would store the Meet link on its appointment here.
    console.info('[ECODrIx] callback', payload.trigger, payload.metadata.appointmentId, payload.meetLink)
  }
  return Response.json({ received: true })
}
