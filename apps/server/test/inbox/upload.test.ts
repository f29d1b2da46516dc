import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { existsSync, mkdtempSync, readdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { crc32 } from 'node:zlib'
import { test } from 'node:test'
import S3rver from '@20minutes/s3rver'
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3'
import sharp from 'sharp'
import { ConfigError, loadConfig } from '../../src/config/load-config'
import { expectRefused, request } from '../helpers/http'
import { createTenant } from '../helpers/tenants'
import { startTestServer, type TestServer } from '../helpers/test-server'
import { useTestServer } from '../helpers/use-test-server'

const MiB = 1024 * 1024
// Small enough that the body-limit case sends 7 MB, not 100; big enough for an over-5 MB image.
const env = useTestServer({
  tenants: { clinic: 'Upload Clinic', other: 'Other Clinic' },
  config: { media: { uploadLimitBytes: 6 * MiB, storage: undefined } },
})

interface Part {
  bytes: Uint8Array
  filename?: string
  type?: string
  field?: string
}

/** A real multipart body, encoded by the platform's own FormData (as a browser's or SDK's upload is). */
async function multipart(parts: Part[]): Promise<{ raw: Uint8Array; contentType: string }> {
  const form = new FormData()
  for (const { bytes, filename = 'file.bin', type = '', field = 'file' } of parts) form.append(field, new Blob([new Uint8Array(bytes)], { type }), filename)
  const encoded = new Request('http://multipart.invalid', { method: 'POST', body: form })
  return { raw: new Uint8Array(await encoded.arrayBuffer()), contentType: encoded.headers.get('content-type')! }
}

async function upload(server: TestServer, headers: Record<string, string>, ...parts: Part[]) {
  const { raw, contentType } = await multipart(parts)
  return request(server, 'POST', '/api/saas/chat/upload', { headers: { ...headers, 'content-type': contentType }, raw })
}

/** The stored file, fetched at the path of its URL (the test server's public URL is not its address). */
async function fetchStored(server: TestServer, url: string) {
  const answer = await fetch(new URL(new URL(url).pathname, server.url))
  return { answer, bytes: Buffer.from(await answer.arrayBuffer()) }
}

const RED = { r: 255, g: 0, b: 0 }
const BLUE = { r: 0, g: 0, b: 255 }

/**
 * A 40×20 photo, left half red and right half blue, stored sideways as cameras do: EXIF orientation
 * 6 says "turn 90° clockwise to show", which puts red on top of a 20×40 picture.
 */
async function sidewaysPhoto(format: 'jpeg' | 'png'): Promise<Buffer> {
  const blue = await sharp({ create: { width: 20, height: 20, channels: 3, background: BLUE } }).png().toBuffer()
  const image = sharp({ create: { width: 40, height: 20, channels: 3, background: RED } }).composite([{ input: blue, left: 20, top: 0 }])
  return image[format]()
    .withMetadata({
      orientation: 6,
      exif: { IFD0: { Artist: 'Dr. Private', Copyright: 'Patient 4411' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '12/1 58/1 0/1' } },
    })
    .toBuffer()
}

async function pixel(image: Buffer, x: number, y: number) {
  const { data, info } = await sharp(image).raw().toBuffer({ resolveWithObject: true })
  const at = (y * info.width + x) * info.channels
  return { r: data[at]!, g: data[at + 1]!, b: data[at + 2]! }
}

const near = (actual: { r: number; g: number; b: number }, expected: typeof RED) =>
  Math.abs(actual.r - expected.r) + Math.abs(actual.g - expected.g) + Math.abs(actual.b - expected.b) < 60

const mediaDir = (server: TestServer, clientCode: string) => join(server.config.dataDir, 'media', clientCode)
const storedCount = (server: TestServer, clientCode: string) =>
  existsSync(mediaDir(server, clientCode)) ? readdirSync(mediaDir(server, clientCode)).length : 0

for (const format of ['jpeg', 'png'] as const) {
  test(`a ${format.toUpperCase()} photo is stored without its EXIF (GPS, names) and turned upright`, async () => {
    const { server, clinic } = env
    const photo = await sidewaysPhoto(format)
    const sent = await sharp(photo).metadata()
    assert.equal(sent.orientation, 6)
    assert.ok(sent.exif, 'the photo sent carries EXIF')

    const uploaded = await upload(server, clinic.headers, { bytes: photo, filename: `IMG_0042.${format}`, type: `image/${format}` })
    assert.equal(uploaded.status, 201, JSON.stringify(uploaded.body))
    const data = uploaded.body.data
    assert.equal(data.mimeType, `image/${format}`)
    assert.deepEqual([data.width, data.height], [20, 40])
    assert.match(data.url, new RegExp(`/api/saas/chat/media/${clinic.clientCode}/[A-Za-z0-9_-]{22}\\.${format === 'jpeg' ? 'jpg' : 'png'}$`))

    const { answer, bytes } = await fetchStored(server, data.url)
    assert.equal(answer.status, 200)
    assert.equal(answer.headers.get('content-type'), `image/${format}`)
    assert.equal(answer.headers.get('x-content-type-options'), 'nosniff')
    assert.equal(answer.headers.get('content-disposition'), null, 'an image is shown inline')
    assert.match(answer.headers.get('cache-control') ?? '', /max-age=31536000/)
    assert.equal(bytes.length, data.size)
    const stored = await sharp(bytes).metadata()
    assert.equal(stored.format, format)
    assert.equal(stored.exif, undefined)
    assert.equal(stored.xmp, undefined)
    assert.equal(stored.orientation, undefined)
    assert.deepEqual([stored.width, stored.height], [20, 40])
    assert.ok(!bytes.includes('Patient 4411'), 'no EXIF text left in the file')
    assert.ok(near(await pixel(bytes, 10, 5), RED) && near(await pixel(bytes, 10, 35), BLUE), 'red on top: the orientation was applied')
  })
}

test('the type is read from the bytes: a text file named .png is 415, a PDF named .txt is a PDF', async () => {
  const { server, clinic } = env
  const before = storedCount(server, clinic.clientCode)
  const fake = await upload(server, clinic.headers, { bytes: Buffer.from('not really a picture\n'), filename: 'photo.png', type: 'image/png' })
  expectRefused(fake, 415, 'UNSUPPORTED_MEDIA_TYPE')
  const html = await upload(server, clinic.headers, { bytes: Buffer.from('<html><script>alert(1)</script>'), filename: 'x.html', type: 'text/html' })
  expectRefused(html, 415, 'UNSUPPORTED_MEDIA_TYPE')
  const gif = await sharp({ create: { width: 4, height: 4, channels: 3, background: RED } }).gif().toBuffer()
  expectRefused(await upload(server, clinic.headers, { bytes: gif, filename: 'a.jpg', type: 'image/jpeg' }), 415, 'UNSUPPORTED_MEDIA_TYPE')
  assert.equal(storedCount(server, clinic.clientCode), before, 'nothing refused is stored')

  const pdf = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n')
  const document = await upload(server, clinic.headers, { bytes: pdf, filename: 'notes.txt', type: 'text/plain' })
  assert.equal(document.status, 201, JSON.stringify(document.body))
  assert.equal(document.body.data.mimeType, 'application/pdf')
  assert.match(document.body.data.url, /\.pdf$/)
  const { answer, bytes } = await fetchStored(server, document.body.data.url)
  assert.equal(answer.headers.get('content-type'), 'application/pdf')
  assert.match(answer.headers.get('content-disposition') ?? '', /^attachment; filename="[A-Za-z0-9_-]{22}\.pdf"$/)
  assert.deepEqual(bytes, pdf)
})

test('audio and video are recognised by their container and stored unchanged (an Opus voice note is audio/ogg)', async () => {
  const { server, clinic } = env
  const voiceNote = Buffer.alloc(2048)
  voiceNote.write('OggS', 0)
  voiceNote.writeUInt8(2, 5) // first page of the stream
  voiceNote.writeUInt8(1, 26) // one segment…
  voiceNote.writeUInt8(19, 27) // …holding the 19-byte Opus header
  voiceNote.write('OpusHead', 28)
  const video = Buffer.alloc(2048)
  video.writeUInt32BE(24, 0)
  video.write('ftypisom', 4)
  const cases: [Buffer, string, string][] = [
    [voiceNote, 'audio/ogg; codecs=opus', 'audio/ogg'],
    [video, 'video/mp4', 'video/mp4'],
    [video, 'audio/mp4', 'audio/mp4'],
  ]
  for (const [bytes, declared, expected] of cases) {
    const uploaded = await upload(server, clinic.headers, { bytes, filename: 'clip', type: declared })
    assert.equal(uploaded.status, 201, JSON.stringify(uploaded.body))
    assert.equal(uploaded.body.data.mimeType, expected)
    const { answer, bytes: stored } = await fetchStored(server, uploaded.body.data.url)
    assert.equal(answer.headers.get('content-type'), expected)
    assert.match(answer.headers.get('content-disposition') ?? '', /^attachment/)
    assert.deepEqual(stored, bytes)
  }
})

test('plain text is taken when the sender says it is text, and served as an attachment', async () => {
  const { server, clinic } = env
  const text = Buffer.from('Fasting from 10 pm. Bring your reports — ಧನ್ಯವಾದ\n')
  const uploaded = await upload(server, clinic.headers, { bytes: text, filename: 'instructions.txt', type: 'text/plain' })
  assert.equal(uploaded.status, 201, JSON.stringify(uploaded.body))
  assert.deepEqual(uploaded.body.data, { url: uploaded.body.data.url, mimeType: 'text/plain', size: text.length })
  const { answer, bytes } = await fetchStored(server, uploaded.body.data.url)
  assert.equal(answer.headers.get('content-type'), 'text/plain; charset=utf-8')
  assert.match(answer.headers.get('content-disposition') ?? '', /^attachment/)
  assert.deepEqual(bytes, text)
})

test('a WebP sticker is kept as WebP (500 KB at most): a 512×512 one is taken, a noisy lossless one past 500 KB is 413', async () => {
  const { server, clinic } = env
  const sticker = await sharp({ create: { width: 512, height: 512, channels: 4, background: { ...BLUE, alpha: 0.5 } } }).webp().toBuffer()
  const taken = await upload(server, clinic.headers, { bytes: sticker, filename: 'sticker.webp', type: 'image/webp' })
  assert.equal(taken.status, 201, JSON.stringify(taken.body))
  assert.deepEqual([taken.body.data.mimeType, taken.body.data.width, taken.body.data.height], ['image/webp', 512, 512])
  const heavy = await sharp(randomBytes(512 * 512 * 3), { raw: { width: 512, height: 512, channels: 3 } }).webp({ lossless: true }).toBuffer()
  assert.ok(heavy.length > 500_000, `${heavy.length} bytes`)
  expectRefused(await upload(server, clinic.headers, { bytes: heavy, filename: 'heavy.webp', type: 'image/webp' }), 413, 'PAYLOAD_TOO_LARGE')
})

test("past WhatsApp's limit for its type: a real 5.9 MB PNG is 413 (images take 5 MB)", async () => {
  const { server, clinic } = env
  const side = 1400
  const big = await sharp(randomBytes(side * side * 3), { raw: { width: side, height: side, channels: 3 } }).png().toBuffer()
  assert.ok(big.length > 5_000_000 && big.length < 6 * MiB, `${big.length} bytes`)
  const before = storedCount(server, clinic.clientCode)
  expectRefused(await upload(server, clinic.headers, { bytes: big, filename: 'scan.png', type: 'image/png' }), 413, 'PAYLOAD_TOO_LARGE')
  assert.equal(storedCount(server, clinic.clientCode), before)
})

test('a decompression bomb (a small PNG whose header says 100 megapixels) is refused before it is decoded', async () => {
  const { server, clinic } = env
  const png = await sharp({ create: { width: 1, height: 1, channels: 3, background: RED } }).png().toBuffer()
  // IHDR's data (width, height…) sits at bytes 16-28, its CRC right after.
  png.writeUInt32BE(10_000, 16)
  png.writeUInt32BE(10_000, 20)
  png.writeUInt32BE(crc32(png.subarray(12, 29)), 29)
  const bomb = await upload(server, clinic.headers, { bytes: png, filename: 'bomb.png', type: 'image/png' })
  expectRefused(bomb, 413, 'PAYLOAD_TOO_LARGE')
  assert.match(bomb.body.message, /pixels/)
})

test("the route has its own body limit: 2 MB (past the JSON 1 MiB) is taken, past ECODRIX_UPLOAD_LIMIT_BYTES is 413 while read", async () => {
  const { server, clinic } = env
  const pdf = (size: number) => Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(size, 0x20)])
  const accepted = await upload(server, clinic.headers, { bytes: pdf(2 * MiB), filename: 'report.pdf', type: 'application/pdf' })
  assert.equal(accepted.status, 201, JSON.stringify(accepted.body))
  assert.equal(accepted.body.data.size, 2 * MiB + 9)
  const refused = await upload(server, clinic.headers, { bytes: pdf(7 * MiB), filename: 'huge.pdf', type: 'application/pdf' })
  expectRefused(refused, 413, 'PAYLOAD_TOO_LARGE')
  assert.match(refused.body.message, new RegExp(String(6 * MiB)))
  // The platform's JSON routes keep their 1 MiB.
  const json = await request(server, 'POST', '/api/crm/leads', { headers: clinic.headers, json: { firstName: 'x'.repeat(2 * MiB) } })
  expectRefused(json, 413, 'PAYLOAD_TOO_LARGE')
})

test('what is not one multipart file is refused: JSON 415, no file field 400, a file field twice 400, no key 401', async () => {
  const { server, clinic } = env
  expectRefused(await request(server, 'POST', '/api/saas/chat/upload', { headers: clinic.headers, json: { file: 'aGVsbG8=' } }), 415, 'UNSUPPORTED_MEDIA_TYPE')
  expectRefused(
    await upload(server, clinic.headers, { bytes: Buffer.from('x'), field: 'attachment', type: 'text/plain' }),
    400,
    'VALIDATION_ERROR',
    { fields: ['body.file'] },
  )
  const text = { bytes: Buffer.from('x'), filename: 'a.txt', type: 'text/plain' }
  expectRefused(await upload(server, clinic.headers, text, text), 400, 'VALIDATION_ERROR')
  const broken = await request(server, 'POST', '/api/saas/chat/upload', {
    headers: { ...clinic.headers, 'content-type': 'multipart/form-data; boundary=zzz' },
    raw: '--zzz\r\nContent-Disposition: form-data; name="file"\r\n\r\nunterminated',
  })
  expectRefused(broken, 400, 'BAD_REQUEST')
  expectRefused(await upload(server, { 'x-client-code': clinic.clientCode }, text), 401, 'UNAUTHORIZED')
})

test('the serving route serves stored names only: traversal, listings, other shapes and other tenants are 404', async () => {
  const { server, clinic, other } = env
  const uploaded = await upload(server, clinic.headers, { bytes: Buffer.from('hello\n'), filename: 'a.txt', type: 'text/plain' })
  const path = new URL(uploaded.body.data.url).pathname
  const name = path.split('/').at(-1)!
  assert.equal((await fetch(new URL(path, server.url))).status, 200)

  const base = '/api/saas/chat/media'
  const attempts = [
    `${base}/${clinic.clientCode}/..%2F..%2Fkeys.json`,
    `${base}/${clinic.clientCode}/..%2f..%2fkeys.json`,
    `${base}/..%2F${clinic.clientCode}/${name}`,
    `${base}/${clinic.clientCode}/%2e%2e%2F%2e%2e%2Fkeys.json`,
    `${base}/${clinic.clientCode}/..%5C..%5Ckeys.json`,
    `${base}/${clinic.clientCode}/${name}%00.jpg`,
    `${base}/${clinic.clientCode}/${name}%2F`,
    `${base}/${clinic.clientCode}/${name.replace('.txt', '.TXT')}`,
    `${base}/${clinic.clientCode}/${name.replace('.txt', '.html')}`,
    `${base}/${clinic.clientCode}/${name.replace('.txt', '.txt.partial')}`,
    `${base}/${clinic.clientCode}/AAAAAAAAAAAAAAAAAAAAAA.txt`,
    `${base}/${other.clientCode}/${name}`,
    `${base}/${clinic.clientCode}/`,
    `${base}/${clinic.clientCode}`,
    `${base}/`,
    `${base}/..%2F..%2F..%2Fetc/passwd`,
  ]
  for (const attempt of attempts) {
    const answer = await request(server, 'GET', attempt)
    assert.ok(answer.status === 404 || answer.status === 400, `${attempt}: ${answer.status}`)
    assert.equal(answer.body?.success, false, attempt)
    assert.ok(!String(answer.body?.message).includes('hello'), attempt)
  }
  for (const attempt of attempts.slice(0, 4)) assert.equal((await request(server, 'GET', attempt)).status, 404, attempt)
})

test('S3 storage: uploads land in a real S3-compatible bucket (s3rver, signed requests) and are served from it', async () => {
  const bucket = 'ecodrix-media'
  const s3 = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory: mkdtempSync(join(tmpdir(), 'ecodrix-s3-')),
    configureBuckets: [{ name: bucket }],
  })
  const { port } = await s3.run()
  const endpoint = `http://127.0.0.1:${port}`
  // s3rver's one account; a wrong secret is refused (SignatureDoesNotMatch), so requests really are signed.
  const credentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' }
  const server = await startTestServer({
    media: {
      uploadLimitBytes: 6 * MiB,
      storage: { bucket, region: 'us-east-1', endpoint, forcePathStyle: true, credentials, publicUrl: `${endpoint}/${bucket}` },
    },
  })
  try {
    const tenant = await createTenant(server, 'Bucket Clinic')
    const uploaded = await upload(server, tenant.headers, { bytes: await sidewaysPhoto('png'), filename: 'x.png', type: 'image/png' })
    assert.equal(uploaded.status, 201, JSON.stringify(uploaded.body))
    const { url } = uploaded.body.data
    assert.ok(url.startsWith(`${endpoint}/${bucket}/${tenant.clientCode}/`), url)
    const key = url.slice(`${endpoint}/${bucket}/`.length)

    const client = new S3Client({ region: 'us-east-1', endpoint, forcePathStyle: true, credentials })
    const object = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }))
    assert.equal(object.ContentType, 'image/png')
    const inBucket = Buffer.from(await object.Body!.transformToByteArray())
    assert.equal((await sharp(inBucket).metadata()).exif, undefined)

    const viaBucket = await fetch(url)
    assert.equal(viaBucket.status, 200)
    assert.deepEqual(Buffer.from(await viaBucket.arrayBuffer()), inBucket)
    const viaServer = await fetch(new URL(`/api/saas/chat/media/${key}`, server.url))
    assert.equal(viaServer.headers.get('content-type'), 'image/png')
    assert.equal(viaServer.headers.get('x-content-type-options'), 'nosniff')
    assert.deepEqual(Buffer.from(await viaServer.arrayBuffer()), inBucket)
    assert.equal((await fetch(new URL(`/api/saas/chat/media/${tenant.clientCode}/AAAAAAAAAAAAAAAAAAAAAA.png`, server.url))).status, 404)
    assert.ok(!existsSync(join(server.config.dataDir, 'media')), 'nothing is written to the local disk')
    client.destroy()
  } finally {
    await server.stop()
    await s3.close()
  }
})

test('S3 settings are checked at start-up, naming the variable', () => {
  const keys = { ECODRIX_ADMIN_KEY: 'a'.repeat(32), ECODRIX_MASTER_KEY: 'cd'.repeat(32) }
  const refused: [Record<string, string>, RegExp][] = [
    [{ S3_ENDPOINT: 'http://127.0.0.1:9000' }, /S3_ENDPOINT is set but S3_BUCKET is not/],
    [{ S3_BUCKET: 'media', S3_ENDPOINT: 'minio:9000' }, /S3_ENDPOINT/],
    [{ S3_BUCKET: 'media', S3_ACCESS_KEY_ID: 'AKIA' }, /S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY must be set together/],
    [{ S3_BUCKET: 'media', S3_FORCE_PATH_STYLE: 'yes' }, /S3_FORCE_PATH_STYLE/],
    [{ ECODRIX_UPLOAD_LIMIT_BYTES: 'lots' }, /ECODRIX_UPLOAD_LIMIT_BYTES/],
  ]
  for (const [settings, message] of refused) {
    assert.throws(() => loadConfig({ ...keys, ...settings }), (error: unknown) => error instanceof ConfigError && message.test(error.message))
  }
  const { config } = loadConfig({ ...keys, S3_BUCKET: 'media', S3_PUBLIC_URL: 'https://cdn.example.com/media/' })
  assert.deepEqual(config.media.storage, {
    bucket: 'media',
    region: 'us-east-1',
    endpoint: undefined,
    forcePathStyle: false,
    credentials: undefined,
    publicUrl: 'https://cdn.example.com/media',
  })
  assert.equal(loadConfig(keys).config.media.storage, undefined)
  assert.equal(loadConfig(keys).config.media.uploadLimitBytes, 100 * MiB)
})
