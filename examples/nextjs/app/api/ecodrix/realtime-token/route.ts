// POST /api/ecodrix/realtime-token: a token for the browser's real-time socket, asked for with the API
// key on the server, so the key never reaches the page. A token connects once within a minute: the
// page's realtime() asks for a new one for every connection. A real site checks its agent's session here.
import { ecodrixFromEnv } from '@/lib/ecodrix'

export const dynamic = 'force-dynamic'

export async function POST(): Promise<Response> {
  const { token } = await ecodrixFromEnv().POST('/api/saas/realtime/token')
  return Response.json({ token }, { headers: { 'cache-control': 'no-store' } })
}
