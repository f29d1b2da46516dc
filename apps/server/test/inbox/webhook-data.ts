import { adminHeaders, request } from '../helpers/http'
import type { TestTenant } from '../helpers/tenants'
import type { TestServer } from '../helpers/test-server'
import { waitFor } from '../helpers/wait-for'

/** A delivery as stored: its status, attempts and error. */
export function deliveryRow(server: TestServer, id: string) {
  return server.platform.db.selectFrom('whatsapp_webhook_deliveries').selectAll().where('id', '=', id).executeTakeFirst()
}

/** Waits until the delivery is applied (or failed), and answers its row. */
export function settledDelivery(server: TestServer, id: string) {
  return waitFor(`delivery ${id} to settle`, async () => {
    const row = await deliveryRow(server, id)
    return row && row.status !== 'pending' && row
  })
}

export async function countDeliveries(server: TestServer): Promise<number> {
  const row = await server.platform.db
    .selectFrom('whatsapp_webhook_deliveries')
    .select((eb) => eb.fn.countAll<string>().as('count'))
    .executeTakeFirstOrThrow()
  return Number(row.count)
}

export const setSecrets = (server: TestServer, tenant: TestTenant, secrets: Record<string, unknown>) =>
  request(server, 'POST', `/api/clients/${tenant.clientCode}/secrets`, { headers: adminHeaders(server), json: secrets })

/** The tenant's conversation with this phone (E.164), through the API. */
export async function conversationWith(server: TestServer, tenant: TestTenant, phone: string) {
  const list = await request(server, 'GET', `/api/saas/chat/conversations?search=${encodeURIComponent(phone)}`, { headers: tenant.headers })
  return (list.body.data as any[]).find((conversation) => conversation.phone === phone)
}

/** The conversation's messages, oldest first, through the API. */
export async function messagesOf(server: TestServer, tenant: TestTenant, conversationId: string): Promise<any[]> {
  const page = await request(server, 'GET', `/api/saas/chat/conversations/${conversationId}/messages?limit=100`, { headers: tenant.headers })
  if (page.status !== 200) throw new Error(`listing messages failed: ${page.status} ${JSON.stringify(page.body)}`)
  return page.body.data
}
