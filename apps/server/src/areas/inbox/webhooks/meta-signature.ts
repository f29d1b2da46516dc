import { createHmac, timingSafeEqual } from 'node:crypto'

const SIGNATURE = /^sha256=([0-9a-f]{64})$/i

/** Whether `X-Hub-Signature-256` is `sha256=` and the HMAC-SHA256 of exactly these bytes under the app secret (constant time). */
export function signatureMatches(body: Buffer, header: string | undefined, appSecret: string): boolean {
  const given = header === undefined ? null : SIGNATURE.exec(header.trim())
  if (!given) return false
  const expected = createHmac('sha256', appSecret).update(body).digest()
  return timingSafeEqual(expected, Buffer.from(given[1]!, 'hex'))
}
