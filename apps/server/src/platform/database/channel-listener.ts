import pg from 'pg'
import type { Logger } from 'pino'

const FIRST_RETRY_MS = 100
const LAST_RETRY_MS = 5_000

export interface ChannelListener {
  close(): Promise<void>
}

export interface ChannelListenerOptions {
  connectionString: string
  channel: string
  applicationName: string
  lostMessage: string
  logger: Logger
  onNotification(payload: string): void
  onListening(): void
  onLost(): void
}

/**
 * A connection of its own (shown as `applicationName` in `pg_stat_activity`) that LISTENs on
 * `channel`. `onListening` runs each time LISTEN is in place, `onLost` as soon as the connection
 * goes (notifications may then be missed; `lostMessage` is logged); it reconnects with backoff
 * until closed. Resolves after the first attempt, listening or not.
 */
export async function listenToChannel(options: ChannelListenerOptions): Promise<ChannelListener> {
  const { connectionString, channel, logger } = options
  let current: pg.Client | undefined
  let retry: NodeJS.Timeout | undefined
  let retryMs = FIRST_RETRY_MS
  let closed = false

  const scheduleRetry = () => {
    retry = setTimeout(() => {
      retry = undefined
      void connect()
    }, retryMs)
    retry.unref()
    retryMs = Math.min(retryMs * 2, LAST_RETRY_MS)
  }

  async function connect(): Promise<void> {
    const client = new pg.Client({ connectionString, keepAlive: true, connectionTimeoutMillis: 5_000, application_name: options.applicationName })
    let gone = false
    const lose = (error?: unknown) => {
      if (gone) return
      gone = true
      if (current === client) current = undefined
      if (closed) return
      options.onLost()
      logger.warn({ err: error, channel }, options.lostMessage)
      scheduleRetry()
    }
    client.on('error', lose)
    client.on('end', () => lose())
    client.on('notification', (message) => {
      if (message.channel === channel && message.payload) options.onNotification(message.payload)
    })
    try {
      await client.connect()
      await client.query(`listen ${channel}`)
    } catch (error) {
      lose(error)
      client.end().catch(() => {})
      return
    }
    if (closed || gone) {
      await client.end().catch(() => {})
      return
    }
    current = client
    retryMs = FIRST_RETRY_MS
    options.onListening()
  }

  await connect()
  return {
    async close() {
      closed = true
      clearTimeout(retry)
      await current?.end().catch(() => {})
    },
  }
}
