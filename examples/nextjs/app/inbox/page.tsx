// /inbox: a server component renders the conversations with the API key; the browser part (inbox.tsx)
// then keeps them live through the real-time socket.
import { ecodrixApiUrl } from '@/lib/ecodrix'
import { listConversations } from './actions'
import { Inbox } from './inbox'

export const dynamic = 'force-dynamic'
export const metadata = { title: 'Inbox · ECODrIx example' }

export default async function InboxPage() {
  return <Inbox apiUrl={ecodrixApiUrl()} initialConversations={await listConversations()} />
}
