import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { http, HttpResponse } from 'msw'
import sharp from 'sharp'
import { deliverToWebhook, messagesDelivery, metaTimestamp, newWamid } from '../helpers/meta-webhook'
import { simulateThirdParties } from '../helpers/network-edge'
import { useTestServer } from '../helpers/use-test-server'
import { waitFor } from '../helpers/wait-for'
import { conversationWith, messagesOf, setSecrets, settledDelivery } from './webhook-data'

const GRAPH = 'https://graph.facebook.com/v21.0'
const LOOKASIDE = 'https://lookaside.fbsbx.com/whatsapp_business/attachments/'
const SANDBOX_NUMBER = '106540352242955'
const LIVE_NUMBER = '106540352242966'
const APP_SECRET = '0b9a8c7d6e5f4a3b2c1d0e9f8a7b6c5d'
const LIVE_TOKEN = 'EAAG-live-media-token'
const PHOTO_ID = '1013859600285441'
const GONE_ID = '1013859600285442'
let photo: Buffer

const graphCalls: { url: string; authorization: string | null }[] = []
const graph = simulateThirdParties(
  // Graph's media node: the file's short-lived URL and its facts; an expired or unknown id is Graph's error 100.
  http.get(`${GRAPH}/:mediaId`, ({ request: req, params }) => {
    graphCalls.push({ url: req.url, authorization: req.headers.get('authorization') })
    if (params.mediaId !== PHOTO_ID) {
      return HttpResponse.json(
        {
          error: {
            message: `Unsupported get request. Object with ID '${params.mediaId}' does not exist, cannot be loaded due to missing permissions, or does not support this operation.`,
            type: 'GraphMethodException',
            code: 100,
            error_subcode: 33,
            fbtrace_id: 'AbCdEfGh',
          },
        },
        { status: 400 },
      )
    }
    return HttpResponse.json({
      messaging_product: 'whatsapp',
      url: `${LOOKASIDE}?mid=${PHOTO_ID}&ext=1719583849&hash=ATuuPQxZ`,
      mime_type: 'image/jpeg',
      sha256: 'd8e6c3b4a7f2e1d0c9b8a7f6e5d4c3b2a1f0e9d8c7b6a5f4e3d2c1b0a9f8e7d6',
      file_size: photo.length,
      id: PHOTO_ID,
    })
  }),
  http.get(LOOKASIDE, ({ request: req }) => {
    graphCalls.push({ url: req.url, authorization: req.headers.get('authorization') })
    return new HttpResponse(new Uint8Array(photo), { headers: { 'content-type': 'image/jpeg' } })
  }),
)

before(() => graph.listen({ onUnhandledRequest: 'error' }))
const env = useTestServer({
  tenants: { sandbox: 'Types Sandbox', live: 'Media Clinic' },
  config: { whatsappAppSecret: APP_SECRET },
  seed: async (): Promise<void> => {
    photo = await sharp({ create: { width: 8, height: 6, channels: 3, background: '#3366aa' } }).jpeg().withMetadata({ exif: { IFD0: { Copyright: 'Ravi' } } }).toBuffer()
    assert.equal((await setSecrets(env.server, env.sandbox, { whatsappToken: 'mock_types', whatsappPhoneNumberId: SANDBOX_NUMBER })).status, 200)
    assert.equal((await setSecrets(env.server, env.live, { whatsappToken: LIVE_TOKEN, whatsappPhoneNumberId: LIVE_NUMBER })).status, 200)
  },
})
after(() => graph.close())

const CONTACT = '447700900123'
const contacts = [{ profile: { name: 'Olivia Carter' }, wa_id: CONTACT }]
const sha256 = 'a3f1c9e2b7d54a8f9c0e1d2b3a4f5e6d7c8b9a0f1e2d3c4b5a6f7e8d9c0b1a2f'

/** Every inbound type Meta documents, as its webhook carries them (one delivery may batch several). */
function everyType(textWamid: string) {
  // A second apart, so the conversation lists them in this order.
  const start = Date.now() - 60_000
  let sent = 0
  const timestamp = () => metaTimestamp(new Date(start + 1000 * sent++))
  const base = (type: string, fields: Record<string, unknown>) => ({ from: CONTACT, id: newWamid(), timestamp: timestamp(), type, ...fields })
  return [
    { from: CONTACT, id: textWamid, timestamp: timestamp(), type: 'text', text: { body: 'Hi, is the clinic open on Sunday?' } },
    base('image', { image: { caption: 'My prescription', mime_type: 'image/jpeg', sha256, id: '2231874960501235' } }),
    base('video', { video: { mime_type: 'video/mp4', sha256, id: '2231874960501236' } }),
    base('audio', { audio: { mime_type: 'audio/ogg; codecs=opus', sha256, id: '2231874960501237', voice: true } }),
    base('document', { document: { caption: 'Lab results', filename: 'results.pdf', mime_type: 'application/pdf', sha256, id: '2231874960501238' } }),
    base('sticker', { sticker: { mime_type: 'image/webp', sha256, id: '2231874960501239', animated: false } }),
    base('location', { location: { latitude: 51.5072, longitude: -0.1276, name: 'Clinic car park', address: '1 Harley St, London' } }),
    base('contacts', { contacts: [{ name: { formatted_name: 'Dr. Anil Mehta', first_name: 'Anil', last_name: 'Mehta' }, phones: [{ phone: '+44 7700 900456', wa_id: '447700900456', type: 'CELL' }] }] }),
    base('interactive', { context: { from: '15550783881', id: textWamid }, interactive: { type: 'button_reply', button_reply: { id: 'confirm-slot', title: 'Confirm' } } }),
    base('interactive', { context: { from: '15550783881', id: textWamid }, interactive: { type: 'list_reply', list_reply: { id: 'slot-10am', title: '10:00 AM', description: 'Sunday' } } }),
    base('button', { context: { from: '15550783881', id: textWamid }, button: { payload: 'Reschedule', text: 'Reschedule' } }),
    base('reaction', { reaction: { message_id: textWamid, emoji: '👍' } }),
    base('order', { order: { catalog_id: '1234567890', product_items: [{ product_retailer_id: 'sku-1', quantity: 1, item_price: 25, currency: 'GBP' }] } }),
    base('unsupported', { errors: [{ code: 131051, title: 'Message type unknown', message: 'Message type unknown', error_data: { details: 'Message type is currently not supported.' } }] }),
  ]
}

test('every inbound message type is parsed; a reaction lands on its message', async () => {
  const { server, sandbox } = env
  const textWamid = newWamid()
  const answer = await deliverToWebhook(server, APP_SECRET, messagesDelivery(SANDBOX_NUMBER, { contacts, messages: everyType(textWamid) }))
  assert.equal((await settledDelivery(server, answer.body.data.deliveryId)).status, 'processed')

  const conversation = await conversationWith(server, sandbox, `+${CONTACT}`)
  const messages = await messagesOf(server, sandbox, conversation.id)
  const seen = messages.map((message) => [message.type, message.text])
  assert.deepEqual(seen, [
    ['text', 'Hi, is the clinic open on Sunday?'],
    ['image', 'My prescription'],
    ['video', null],
    ['audio', null],
    ['document', 'Lab results'],
    ['sticker', null],
    ['location', 'Clinic car park, 1 Harley St, London'],
    ['contacts', 'Dr. Anil Mehta'],
    ['interactive', 'Confirm'],
    ['interactive', '10:00 AM'],
    ['button', 'Reschedule'],
    ['unsupported', null],
    ['unsupported', null],
  ])
  assert.equal(conversation.unreadCount, 13)
  const [text, image, , audio, document, , location, card, buttonReply, listReply, button, order] = messages
  assert.equal(text.contactReaction, '👍')
  // The sandbox has no Meta to fetch media from: the message keeps Meta's media id.
  assert.deepEqual(image.media, { id: '2231874960501235', url: null, mimeType: 'image/jpeg', size: null, filename: null, error: null })
  assert.equal(audio.content.voice, true)
  assert.equal(document.media.filename, 'results.pdf')
  assert.equal(location.content.latitude, 51.5072)
  assert.equal(card.content.contacts[0].phones[0].wa_id, '447700900456')
  assert.equal(buttonReply.content.button_reply.id, 'confirm-slot')
  assert.equal(listReply.content.list_reply.id, 'slot-10am')
  assert.deepEqual(button.content, { payload: 'Reschedule', text: 'Reschedule' })
  for (const reply of [buttonReply, listReply, button]) assert.deepEqual(reply.replyTo, { id: text.id, wamid: textWamid })
  assert.equal(order.content.type, 'order')
  assert.equal(order.content.order.catalog_id, '1234567890')

  // Removing the reaction (Meta sends no emoji) clears it.
  const removal = { from: CONTACT, id: newWamid(), timestamp: metaTimestamp(), type: 'reaction', reaction: { message_id: textWamid } }
  await settledDelivery(server, (await deliverToWebhook(server, APP_SECRET, messagesDelivery(SANDBOX_NUMBER, { contacts, messages: [removal] }))).body.data.deliveryId)
  assert.equal((await messagesOf(server, sandbox, conversation.id))[0].contactReaction, null)
})

test("inbound media is fetched from Graph with the tenant's token and stored; a fetch failure keeps the media id and the error", async () => {
  const { server, live } = env
  const photoMessage = { from: CONTACT, id: newWamid(), timestamp: metaTimestamp(new Date(Date.now() - 2000)), type: 'image', image: { mime_type: 'image/jpeg', sha256, id: PHOTO_ID } }
  const goneMessage = { from: CONTACT, id: newWamid(), timestamp: metaTimestamp(), type: 'document', document: { filename: 'old.pdf', mime_type: 'application/pdf', sha256, id: GONE_ID } }
  const answer = await deliverToWebhook(server, APP_SECRET, messagesDelivery(LIVE_NUMBER, { contacts, messages: [photoMessage, goneMessage] }))
  assert.equal((await settledDelivery(server, answer.body.data.deliveryId)).status, 'processed')

  const conversation = await conversationWith(server, live, `+${CONTACT}`)
  const [image, document] = await waitFor('the photo to be stored', async () => {
    const messages = await messagesOf(server, live, conversation.id)
    return messages[0]?.media.url && messages
  })
  assert.equal(image.media.id, PHOTO_ID)
  assert.equal(image.media.mimeType, 'image/jpeg')
  const served = await fetch(new URL(new URL(image.media.url).pathname, server.url))
  assert.equal(served.status, 200)
  const stored = await sharp(Buffer.from(await served.arrayBuffer())).metadata()
  assert.deepEqual([stored.width, stored.height, stored.exif], [8, 6, undefined])
  assert.equal(image.media.size, Number(served.headers.get('content-length')))

  assert.equal(document.media.id, GONE_ID)
  assert.equal(document.media.url, null)
  assert.match(document.media.error, /HTTP 400: Unsupported get request/)
  assert.ok(graphCalls.every((call) => call.authorization === `Bearer ${LIVE_TOKEN}`))
  assert.deepEqual(
    graphCalls.map((call) => new URL(call.url).pathname),
    [`/v21.0/${PHOTO_ID}`, '/whatsapp_business/attachments/', `/v21.0/${GONE_ID}`],
  )
})
