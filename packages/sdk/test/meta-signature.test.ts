import assert from 'node:assert/strict'
import { createHmac } from 'node:crypto'
import { test } from 'node:test'
import { verifyMetaSignature } from '../src/webhooks'

const appSecret = '8f2d6c0b5a4e3f1d9c7b6a5e4d3c2b1a'
// A delivery as Meta sends it: its exact bytes are what is signed, non-ASCII included.
const body = JSON.stringify({
  object: 'whatsapp_business_account',
  entry: [{ id: '102290129340398', changes: [{ field: 'messages', value: { messaging_product: 'whatsapp', metadata: { display_phone_number: '15550783881', phone_number_id: '106540352242922' }, contacts: [{ profile: { name: 'Rāvi Kumār' }, wa_id: '919876543210' }], messages: [{ from: '919876543210', id: 'wamid.HBgMOTE5ODc2NTQzMjEwFQIAEhgUM0E', timestamp: '1718000000', type: 'text', text: { body: 'नमस्ते 👍' } }] } }] }],
})
/** What Meta computes, with node:crypto, independently of the SDK. */
const metaSignature = (payload: string | Buffer, key = appSecret) => `sha256=${createHmac('sha256', key).update(payload).digest('hex')}`

test('accepts Meta’s signature over a string, a Buffer, a Uint8Array or an ArrayBuffer body', async () => {
  const signature = metaSignature(body)
  const buffer = Buffer.from(body)
  const bytes = new TextEncoder().encode(body)
  for (const rawBody of [body, buffer, bytes, bytes.buffer]) assert.equal(await verifyMetaSignature(rawBody, signature, appSecret), true)
  assert.equal(await verifyMetaSignature(body, signature.toUpperCase().replace('SHA256=', 'sha256='), appSecret), true)
  assert.equal(await verifyMetaSignature(body, ` ${signature} `, appSecret), true, 'surrounding whitespace, as HTTP parsers drop it')
})

test('a Buffer sliced from a larger one is checked over its own bytes only', async () => {
  const pooled = Buffer.concat([Buffer.from('prefix'), Buffer.from(body), Buffer.from('suffix')])
  const slice = pooled.subarray(6, 6 + Buffer.byteLength(body))
  assert.equal(await verifyMetaSignature(slice, metaSignature(body), appSecret), true)
})

test('refuses a changed body, another secret, and missing or malformed headers', async () => {
  const signature = metaSignature(body)
  assert.equal(await verifyMetaSignature(`${body} `, signature, appSecret), false)
  assert.equal(await verifyMetaSignature(JSON.stringify(JSON.parse(body)).replace('👍', '\\ud83d\\udc4d'), signature, appSecret), false)
  assert.equal(await verifyMetaSignature(body, metaSignature(body, 'another-app-secret'), appSecret), false)
  for (const header of [undefined, null, '', 'sha256=', signature.slice('sha256='.length), `sha1=${signature.slice(7)}`, `sha256=${signature.slice(7, -1)}`, 'sha256=zz', `sha256 =${signature.slice(7)}`]) {
    assert.equal(await verifyMetaSignature(body, header, appSecret), false, `header ${JSON.stringify(header)}`)
  }
})

test('an empty app secret is a configuration error, not a failed check', async () => {
  await assert.rejects(verifyMetaSignature(body, metaSignature(body, ''), ''), TypeError)
})
