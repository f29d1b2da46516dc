import { type ChannelListener, type ChannelListenerOptions, listenToChannel } from '../database/channel-listener'

/** How the connection shows in `pg_stat_activity`. */
export const LISTENER_NAME = 'ecodrix-cache-listener'

export type InvalidationListener = ChannelListener

/** The cache's own LISTEN connection (see `listenToChannel`). */
export function listenForInvalidations(options: Omit<ChannelListenerOptions, 'applicationName' | 'lostMessage'>): Promise<InvalidationListener> {
  return listenToChannel({
    ...options,
    applicationName: LISTENER_NAME,
    lostMessage: 'cache invalidation channel lost: node cache cleared, reconnecting',
  })
}
