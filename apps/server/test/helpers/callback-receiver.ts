import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface ReceivedCallback {
  headers: IncomingHttpHeaders
  rawBody: string
}

/** How the receiver answers its nth request (from 1). */
export type Behaviour = (response: ServerResponse, nth: number) => void

export const answer = (status: number, headers: Record<string, string> = {}) => (response: ServerResponse) =>
  response.writeHead(status, { 'content-type': 'application/json', ...headers }).end('{"received":true}')

export interface CallbackReceiver {
  url: string
  /** Every request so far, in the order they arrived. */
  received: ReceivedCallback[]
  close(): Promise<void>
}

/** A real local HTTP server standing in for the client's callback endpoint; answers 200 unless `behave` says otherwise. */
export async function startCallbackReceiver(behave: Behaviour = answer(200)): Promise<CallbackReceiver> {
  const received: ReceivedCallback[] = []
  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      received.push({ headers: req.headers, rawBody: Buffer.concat(chunks).toString('utf8') })
      behave(res, received.length)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}/api/ecodrix-callback`,
    received,
    close: () => {
      // The server under test keeps its connections alive; they would hold close() open.
      server.closeAllConnections()
      return new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}
