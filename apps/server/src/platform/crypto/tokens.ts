import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'

/** A new tenant API key: 256 random bits behind a recognisable prefix. */
export function generateApiKey(): string {
  return `ecx_${randomBytes(32).toString('base64url')}`
}

/** 256 random bits in Standard Webhooks form (`whsec_<base64 of the key>`), for signing callbacks. */
export function generateWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`
}

/** 256 random bits, URL-safe: a one-time token a link or a redirect carries. */
export function generateUrlToken(): string {
  return randomBytes(32).toString('base64url')
}

/** Keys are high-entropy random strings, so a plain SHA-256 is enough to store them. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex')
}

/** Compares two strings in time independent of where they differ (and of their lengths). */
export function safeEqual(a: string, b: string): boolean {
  const left = createHash('sha256').update(a, 'utf8').digest()
  const right = createHash('sha256').update(b, 'utf8').digest()
  return timingSafeEqual(left, right)
}
