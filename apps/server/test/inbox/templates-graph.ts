import { http, HttpResponse } from 'msw'

export const GRAPH = 'https://graph.facebook.com/v21.0'

/** A template as Graph's `message_templates` lists it. */
export function graphTemplate(name: string, language: string, status: string, components: unknown[], category = 'UTILITY') {
  return { id: `${name}-${language}-id`, name, language, status, category, parameter_format: 'POSITIONAL', components }
}

export const bodyOf = (text: string) => ({ type: 'BODY', text })

export interface SimulatedWaba {
  /** The listing's pages, in order; `next` links them by an `after` cursor. */
  pages: unknown[][]
  /** Answer this page (by its index) with a Graph error instead. */
  failPage?: { index: number; status: number; code: number; message: string }
  calls: { url: string; authorization: string | null }[]
}

/** Graph's template listing of each simulated WhatsApp Business Account, paged as Meta pages it. */
export function templateListingHandler(accounts: Map<string, SimulatedWaba>) {
  return http.get(`${GRAPH}/:wabaId/message_templates`, ({ request, params }) => {
    const account = accounts.get(String(params.wabaId))
    if (!account) return HttpResponse.json({ error: { message: 'Unsupported get request', type: 'GraphMethodException', code: 100 } }, { status: 400 })
    account.calls.push({ url: request.url, authorization: request.headers.get('authorization') })
    const index = Number(new URL(request.url).searchParams.get('after')?.replace('cursor-', '') ?? 0)
    const failure = account.failPage
    if (failure?.index === index) {
      return HttpResponse.json(
        { error: { message: failure.message, type: 'OAuthException', code: failure.code, fbtrace_id: 'AbCdEf' } },
        { status: failure.status },
      )
    }
    const hasNext = index + 1 < account.pages.length
    return HttpResponse.json({
      data: account.pages[index] ?? [],
      paging: {
        cursors: { before: `cursor-${index}`, after: `cursor-${index + 1}` },
        ...(hasNext ? { next: `${GRAPH}/${String(params.wabaId)}/message_templates?limit=250&after=cursor-${index + 1}` } : {}),
      },
    })
  })
}
