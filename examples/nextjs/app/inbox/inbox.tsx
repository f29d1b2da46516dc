'use client'
// The inbox in the browser: the conversations and messages the server rendered or fetched, kept
// current by the real-time socket. The socket's token comes from this site's own route, so the API
// key never reaches the page.
import { realtime } from '@ecodrix/sdk'
import { type FormEvent, useEffect, useRef, useState } from 'react'
import { listConversations, openConversation, sendText } from './actions'
import styles from './inbox.module.css'
import { upsertConversation, upsertMessages } from './inbox-state'
import type { Conversation, Message } from './types'

const STATUS_LABELS: Record<Message['status'], string> = {
  received: 'received',
  queued: 'queued',
  sent: '✓ sent',
  delivered: '✓✓ delivered',
  read: '✓✓ read',
  failed: 'failed',
}

async function fetchRealtimeToken(): Promise<string> {
  const response = await fetch('/api/ecodrix/realtime-token', { method: 'POST' })
  if (!response.ok) throw new Error(`POST /api/ecodrix/realtime-token answered ${response.status}`)
  return ((await response.json()) as { token: string }).token
}

interface OpenConversation {
  id: string
  messages: Message[]
}

export function Inbox({ apiUrl, initialConversations }: { apiUrl: string; initialConversations: Conversation[] }) {
  const [conversations, setConversations] = useState(initialConversations)
  const [open, setOpen] = useState<OpenConversation | null>(null)
  const [live, setLive] = useState(false)
  const [sendError, setSendError] = useState<string>()
  // What the socket's handlers, set up once, must read as it is now.
  const openId = useRef<string | null>(null)

  const addMessages = (messages: Message[]) =>
    setOpen((current) => {
      const own = messages.filter(({ conversationId }) => conversationId === current?.id)
      return current && own.length > 0 ? { ...current, messages: upsertMessages(current.messages, own) } : current
    })

  const loadMessages = async (id: string) => addMessages(await openConversation(id))

  useEffect(() => {
    const socket = realtime({ baseUrl: apiUrl, token: fetchRealtimeToken })
    socket.on('open', () => setLive(true))
    socket.on('close', () => setLive(false))
    socket.on('message:new', (message) => addMessages([message]))
    socket.on('message:status', (message) => addMessages([message]))
    socket.on('conversation:updated', (conversation) => setConversations((list) => upsertConversation(list, conversation)))
    socket.on('conversation:deleted', ({ id }) => {
      setConversations((list) => list.filter((conversation) => conversation.id !== id))
      setOpen((current) => (current?.id === id ? null : current))
    })
    // Frames sent while disconnected are not replayed: fetch what is shown again.
    socket.on('resync', () => {
      void listConversations().then((list) => setConversations((current) => list.reduce(upsertConversation, current)))
      if (openId.current) void loadMessages(openId.current)
    })
    return () => socket.close()
  }, [apiUrl])

  const select = (id: string) => {
    openId.current = id
    setSendError(undefined)
    setOpen({ id, messages: [] })
    void loadMessages(id)
  }

  const send = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    if (!open) return
    const form = event.currentTarget
    const result = await sendText(open.id, new FormData(form).get('text'))
    if (!result.ok) return setSendError(`${result.code}: ${result.message}`)
    form.reset()
    setSendError(undefined)
    addMessages([result.message])
  }

  const current = conversations.find(({ id }) => id === open?.id)
  return (
    <main className={styles.inbox}>
      <nav aria-label="Conversations" className={styles.conversations}>
        <h1>Inbox</h1>
        <p role="status">{live ? 'Live' : 'Connecting…'}</p>
        <ul>
          {conversations.map((conversation) => (
            <li key={conversation.id}>
              <button type="button" aria-current={conversation.id === open?.id} onClick={() => select(conversation.id)}>
                <strong>{conversation.name ?? conversation.phone}</strong>
                {conversation.unreadCount > 0 && <span className={styles.unread}>{conversation.unreadCount}</span>}
                <span className={styles.preview}>{conversation.lastMessagePreview}</span>
              </button>
            </li>
          ))}
        </ul>
      </nav>
      <section aria-label="Messages" className={styles.messages}>
        {open ? (
          <>
            <h2>{current ? (current.name ?? current.phone) : ''}</h2>
            <ol>
              {open.messages.map((message) => (
                <li key={message.id} className={styles[message.direction]} data-status={message.status}>
                  <p>{message.text ?? `[${message.type}]`}</p>
                  {message.direction === 'outbound' && (
                    <small className={styles.status}>
                      {STATUS_LABELS[message.status]}
                      {message.error?.title && `: ${message.error.title}`}
                    </small>
                  )}
                </li>
              ))}
            </ol>
            {current?.serviceWindowOpen === false && <p>The contact has not written in 24 hours: WhatsApp allows only templates.</p>}
            <form onSubmit={(event) => void send(event)} className={styles.sendBox}>
              <textarea name="text" aria-label="Reply" required maxLength={4096} rows={2} />
              <button type="submit">Send</button>
            </form>
            {sendError && <p role="alert">{sendError}</p>}
          </>
        ) : (
          <p>Choose a conversation.</p>
        )}
      </section>
    </main>
  )
}
