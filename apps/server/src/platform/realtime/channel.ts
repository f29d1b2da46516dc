/** The channel every node's hub LISTENs on. */
export const REALTIME_CHANNEL = 'ecodrix_realtime'

/** NOTIFY refuses a payload of 8,000 bytes or more (PostgreSQL's default build). */
export const NOTIFY_PAYLOAD_MAX_BYTES = 7_999

/**
 * A notification names the tenant, then carries the frame's JSON itself (`<code> {…}`) or, for a
 * frame too big for a payload, the id of its `realtime_frames` row (`<code> #<id>`). Client codes
 * have no spaces, and a frame's JSON starts with `{`.
 */
export const inlinePayload = (clientCode: string, frame: string) => `${clientCode} ${frame}`
export const storedPayloadPrefix = (clientCode: string) => `${clientCode} #`

export type Notice = { clientCode: string; frame: string } | { clientCode: string; storedId: string }

export function readPayload(payload: string): Notice | undefined {
  const space = payload.indexOf(' ')
  if (space < 1) return undefined
  const clientCode = payload.slice(0, space)
  const rest = payload.slice(space + 1)
  if (rest.startsWith('{')) return { clientCode, frame: rest }
  if (/^#\d+$/.test(rest)) return { clientCode, storedId: rest.slice(1) }
  return undefined
}
