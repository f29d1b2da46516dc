import assert from 'node:assert/strict'
import { createHmac } from 'node:crypto'
import { test } from 'node:test'
import { createEcodrix, type EcodrixTenantClient } from '@ecodrix/sdk'
import { verifyMetaSignature } from '@ecodrix/sdk/webhooks'
import sharp from 'sharp'
import { adminHeaders, request } from '../helpers/http'
import { useTestServer } from '../helpers/use-test-server'
import { waitFor } from '../helpers/wait-for'

const PHONE_NUMBER_ID = '106540352242922'
const APP_SECRET = '8f2d6c0b5a4e3f1d9c7b6a5e4d3c2b1a'
const CONTACT = '919876543210'

const env = useTestServer({
  tenants: { clinic: 'SDK Inbox Clinic' },
  seed: async () => {
    const secrets = await request(env.server, 'POST', `/api/clients/${env.clinic.clientCode}/secrets`, {
      headers: adminHeaders(env.server),
      json: { whatsappToken: 'mock_sandbox', whatsappPhoneNumberId: PHONE_NUMBER_ID, whatsappAppSecret: APP_SECRET },
    })
    assert.equal(secrets.status, 200, JSON.stringify(secrets.body))
  },
})

const sdk = (): EcodrixTenantClient =>
  createEcodrix({ baseUrl: env.server.url, apiKey: env.clinic.apiKey, clientCode: env.clinic.clientCode, retryBaseDelayMs: 1 })

/** A delivery exactly as Meta posts it: one inbound text. */
function inboundText(wamid: string, text: string) {
  return JSON.stringify({
    object: 'whatsapp_business_account',
    entry: [
      {
        id: '102290129340398',
        changes: [
          {
            field: 'messages',
            value: {
              messaging_product: 'whatsapp',
              metadata: { display_phone_number: '15550783881', phone_number_id: PHONE_NUMBER_ID },
              contacts: [{ profile: { name: 'Rāvi Kumār' }, wa_id: CONTACT }],
              messages: [{ from: CONTACT, id: wamid, timestamp: String(Math.floor(Date.now() / 1000)), type: 'text', text: { body: text } }],
            },
          },
        ],
      },
    ],
  })
}

const metaSignature = (body: string, secret = APP_SECRET) => `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`
const deliver = (body: string, signature: string) =>
  request(env.server, 'POST', '/api/webhooks/whatsapp', { headers: { 'content-type': 'application/json', 'x-hub-signature-256': signature }, raw: body })

test('verifyMetaSignature accepts what the server accepts, and refuses what it refuses', async () => {
  const body = inboundText('wamid.HBgMOTE5ODc2NTQzMjEwFQIAEhgUU0lHTkVE', 'नमस्ते 👍')
  const signed = metaSignature(body)
  assert.equal((await deliver(body, signed)).status, 200)
  assert.equal(await verifyMetaSignature(Buffer.from(body), signed, APP_SECRET), true)

  const tampered = body.replace('नमस्ते', 'namaste')
  assert.equal((await deliver(tampered, signed)).status, 401)
  assert.equal(await verifyMetaSignature(tampered, signed, APP_SECRET), false)

  const otherSecret = metaSignature(body, 'not-the-app-secret')
  assert.equal((await deliver(body, otherSecret)).status, 401)
  assert.equal(await verifyMetaSignature(body, otherSecret, APP_SECRET), false)
})

test('the inbox routes through the SDK: conversations, messages, star, react, upload, send, read, realtime token', async () => {
  const erix = sdk()
  const wamid = 'wamid.HBgMOTE5ODc2NTQzMjEwFQIAEhgUSU5CT1g='
  const body = inboundText(wamid, 'Is 3 PM free?')
  assert.equal((await deliver(body, metaSignature(body))).status, 200)

  const conversation = await waitFor('the inbound message’s conversation', async () =>
    (await erix.GET('/api/saas/chat/conversations', { params: { query: { search: CONTACT } } }))[0],
  )
  assert.equal(conversation.phone, `+${CONTACT}`)
  const conversationPage = await erix.page('/api/saas/chat/conversations', { params: { query: { limit: 1 } } })
  assert.ok(conversationPage.total >= 1)
  assert.equal((await erix.GET('/api/saas/chat/conversations/{conversationId}', { params: { path: { conversationId: conversation.id } } })).id, conversation.id)

  const inbound = await waitFor('the inbound message', async () => {
    const messages = await erix.GET('/api/saas/chat/conversations/{conversationId}/messages', {
      params: { path: { conversationId: conversation.id }, query: { direction: 'inbound' } },
    })
    return messages.find((message) => message.wamid === wamid)
  })

  const starred = await erix.POST('/api/saas/chat/messages/{messageId}/star', { params: { path: { messageId: inbound.id } } })
  assert.equal(starred.starred, true)
  const reacted = await erix.POST('/api/saas/chat/messages/{messageId}/react', { params: { path: { messageId: inbound.id } }, body: { emoji: '👍🏽' } })
  assert.equal(reacted.reaction, '👍🏽')
  await assert.rejects(
    erix.POST('/api/saas/chat/messages/{messageId}/react', { params: { path: { messageId: inbound.id } }, body: { emoji: '👍👍' } }),
    { status: 400, code: 'VALIDATION_ERROR' },
  )

  const png = await sharp({ create: { width: 4, height: 3, channels: 3, background: '#3366ff' } }).png().toBuffer()
  const media = await erix.uploadMedia(new Uint8Array(png), { filename: 'photo.png' })
  assert.equal(media.mimeType, 'image/png')
  assert.equal(media.width, 4)

  const sent = await erix.POST('/api/saas/chat/send', { body: { to: `+${CONTACT}`, mediaUrl: media.url, mediaType: 'image', caption: 'Your report' } })
  assert.equal(sent.status, 'queued')
  const read = await erix.POST('/api/saas/chat/conversations/{conversationId}/read', { params: { path: { conversationId: conversation.id } } })
  assert.equal(read.unreadCount, 0)

  const { token, expiresAt } = await erix.POST('/api/saas/realtime/token')
  assert.ok(token.length > 0)
  assert.ok(Date.parse(expiresAt) > Date.now())
})
