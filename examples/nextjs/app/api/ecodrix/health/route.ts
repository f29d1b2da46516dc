// GET /api/ecodrix/health: the tenant's health as ECODrIx reports it. A refused call answers with
// ECODrIx's status and error code; no answer at all (network error, timeout) is a 502.
import { isEcodrixError } from '@ecodrix/sdk'
import { ecodrixFromEnv } from '@/lib/ecodrix'

export const dynamic = 'force-dynamic'

export async function GET(): Promise<Response> {
  try {
    return Response.json(await ecodrixFromEnv().GET('/api/saas/health/client'))
  } catch (error) {
    if (!isEcodrixError(error)) throw error
    const { status, code, message, requestId } = error
    return Response.json({ code, message, requestId }, { status: status === 0 ? 502 : status })
  }
}
