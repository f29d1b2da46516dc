import { http, HttpResponse, passthrough } from 'msw'
import { adminHeaders, request } from '../helpers/http'
import { simulateThirdParties } from '../helpers/network-edge'
import type { TestTenant } from '../helpers/tenants'
import type { TestServer } from '../helpers/test-server'
import { waitFor } from '../helpers/wait-for'
import { insertWhatsappTemplate } from '../helpers/whatsapp-templates'

const GRAPH = 'https://graph.facebook.com/v21.0'

export interface GraphCall {
  at: number
  phoneNumberId: string
  to: string
  body: any
}

/** What the simulated Graph answers a send: Meta's success (a wamid) unless `answer` says otherwise. */
export type GraphAnswer = (call: GraphCall, earlierCallsToSamePhone: number) => Response | undefined

/** Graph's `POST /{phone-number-id}/messages` at the network edge, recording every call. */
export function simulateGraph(answer: GraphAnswer = () => undefined) {
  const calls: GraphCall[] = []
  let wamids = 0
  const graph = simulateThirdParties(
    http.post(`${GRAPH}/:phoneNumberId/messages`, async ({ request: req, params }) => {
      const body = (await req.json()) as any
      const call = { at: Date.now(), phoneNumberId: String(params.phoneNumberId), to: String(body.to), body }
      const earlier = calls.filter((each) => each.to === call.to && each.phoneNumberId === call.phoneNumberId).length
      calls.push(call)
      const special = answer(call, earlier)
      if (special) return special
      wamids += 1
      return HttpResponse.json({ messaging_product: 'whatsapp', contacts: [{ input: body.to, wa_id: body.to }], messages: [{ id: `wamid.BRDCST${wamids}X${body.to}` }] })
    }),
    // The test's own SDK calls the server with fetch too: they go through.
    http.all(/^http:\/\/127\.0\.0\.1:\d+\//, () => passthrough()),
  )
  return { graph, calls }
}

export const graphError = (status: number, code: number, message: string) =>
  HttpResponse.json({ error: { message: `(#${code}) ${message}`, type: 'OAuthException', code, error_data: { messaging_product: 'whatsapp', details: message }, fbtrace_id: 'AbCdEf' } }, { status })

/** A WhatsApp number for the tenant, and the two-variable template `health_camp_invite` (approved) plus a pending one. */
export async function setUpWhatsapp(server: TestServer, tenant: TestTenant, number: { phoneNumberId: string; appSecret?: string; perSecond?: number; token?: string }) {
  const secrets = {
    whatsappToken: number.token ?? 'EAAG-live-token',
    whatsappPhoneNumberId: number.phoneNumberId,
    ...(number.appSecret ? { whatsappAppSecret: number.appSecret } : {}),
    ...(number.perSecond ? { whatsappMessagesPerSecond: number.perSecond } : {}),
  }
  const set = await request(server, 'POST', `/api/clients/${tenant.clientCode}/secrets`, { headers: adminHeaders(server), json: secrets })
  if (set.status !== 200) throw new Error(`setting secrets failed: ${set.status} ${JSON.stringify(set.body)}`)
  const components = JSON.stringify([{ type: 'BODY', text: 'Hi {{1}}, join our health camp on {{2}}!' }])
  await insertWhatsappTemplate(server, tenant, { name: 'health_camp_invite', language: 'en_US', status: 'APPROVED', category: 'MARKETING', components })
  await insertWhatsappTemplate(server, tenant, { name: 'not_yet_approved', language: 'en_US', status: 'PENDING', category: 'MARKETING', components })
}

export const createBroadcast = (server: TestServer, tenant: TestTenant, body: Record<string, unknown>) =>
  request(server, 'POST', '/api/saas/chat/broadcast', { headers: tenant.headers, json: body })

export const getBroadcast = async (server: TestServer, tenant: TestTenant, id: string) =>
  (await request(server, 'GET', `/api/saas/chat/broadcasts/${id}`, { headers: tenant.headers })).body.data

/** Every recipient of the broadcast (all pages), optionally of one status. */
export async function recipientsOf(server: TestServer, tenant: TestTenant, id: string, status?: string): Promise<any[]> {
  const all: any[] = []
  for (let page = 1; ; page += 1) {
    const query = `page=${page}&limit=100${status ? `&status=${status}` : ''}`
    const answer = await request(server, 'GET', `/api/saas/chat/broadcasts/${id}/recipients?${query}`, { headers: tenant.headers })
    if (answer.status !== 200) throw new Error(`listing recipients failed: ${answer.status} ${JSON.stringify(answer.body)}`)
    all.push(...answer.body.data)
    if (page >= answer.body.totalPages) return all
  }
}

/** The broadcast once it is `completed` (every message left the queue). */
export const completed = (server: TestServer, tenant: TestTenant, id: string, timeoutMs = 60_000) =>
  waitFor(`broadcast ${id} completed`, async () => {
    const broadcast = await getBroadcast(server, tenant, id)
    return broadcast.status === 'completed' && broadcast
  }, timeoutMs)

/** `count` distinct Indian mobile numbers from `start`, E.164. */
export const indianPhones = (start: number, count: number) => Array.from({ length: count }, (_, i) => `+9198${String(start + i).padStart(8, '0')}`)
