import { Agent, request as httpRequest } from 'node:http'

/** One request exactly as the fuzzer built it: the path and query already encoded, the body as bytes. */
export interface RawRequest {
  method: string
  /** Path and query, percent-encoded as they go on the wire (never normalised). */
  target: string
  headers: Record<string, string>
  body?: string | Buffer | undefined
}

export interface RawAnswer {
  status: number
  contentType: string
  text: string
  /** The parsed body when it was JSON; `invalid` when it claimed to be JSON and was not. */
  json: { value: unknown } | 'invalid' | undefined
}

const agent = new Agent({ keepAlive: true, maxSockets: 4 })

/**
 * Sends the request over a kept-alive connection and reads the whole answer. A server that answers
 * before reading the whole body (413) may reset the connection after: the answer still counts.
 */
export function send(base: string, req: RawRequest): Promise<RawAnswer> {
  const { hostname, port } = new URL(base)
  const headers = { ...req.headers }
  if (req.body !== undefined) headers['content-length'] = String(Buffer.byteLength(req.body))
  return new Promise((resolve, reject) => {
    let answered = false
    const outgoing = httpRequest({ agent, hostname, port, method: req.method, path: req.target, headers }, (res) => {
      answered = true
      const chunks: Buffer[] = []
      res.on('data', (chunk: Buffer) => chunks.push(chunk))
      res.on('error', reject)
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8')
        const contentType = res.headers['content-type'] ?? ''
        resolve({ status: res.statusCode ?? 0, contentType, text, json: contentType.includes('json') ? parse(text) : undefined })
      })
    })
    outgoing.on('error', (error: NodeJS.ErrnoException) => {
      if (answered && (error.code === 'EPIPE' || error.code === 'ECONNRESET')) return
      reject(new Error(`${req.method} ${req.target.slice(0, 200)}: no answer (${error.code ?? error.message})`))
    })
    outgoing.end(req.body)
  })
}

function parse(text: string): RawAnswer['json'] {
  try {
    return { value: JSON.parse(text) }
  } catch {
    return 'invalid'
  }
}

export const closeConnections = () => agent.destroy()
