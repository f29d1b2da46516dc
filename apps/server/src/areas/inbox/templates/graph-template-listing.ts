import { z } from 'zod'
import { AppError } from '../../../platform/http/errors'
import type { ListedTemplate } from './whatsapp-templates.repository'

const GRAPH_TIMEOUT_MS = 15_000
/** Templates per page asked of Graph, and the most pages followed (a WhatsApp Business Account holds at most 6,000 templates). */
const PAGE_SIZE = 250
const MAX_PAGES = 100

const listingPage = z.object({
  data: z.array(
    z.looseObject({
      name: z.string().min(1),
      language: z.string().min(1),
      status: z.string().min(1),
      category: z.string().nullish(),
      components: z.array(z.looseObject({})).default([]),
    }),
  ),
  paging: z.looseObject({ next: z.url().optional() }).optional(),
})

const graphError = z.looseObject({ error: z.looseObject({ code: z.number().optional(), message: z.string().optional() }) })

const upstream = (message: string, meta?: { code: number | undefined; message: string | undefined }) =>
  new AppError(
    'WHATSAPP_UPSTREAM_ERROR',
    message,
    meta && [
      { path: 'graph.code', message: String(meta.code ?? 'none') },
      { path: 'graph.message', message: meta.message ?? '' },
    ],
  )

async function fetchPage(fetcher: typeof fetch, url: string, token: string): Promise<z.infer<typeof listingPage>> {
  let response: Response
  let body: unknown
  try {
    response = await fetcher(url, { headers: { authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(GRAPH_TIMEOUT_MS) })
    body = await response.json().catch(() => undefined)
  } catch (error) {
    throw upstream(`Graph API unreachable while listing templates: ${(error as Error).message}`)
  }
  if (!response.ok) {
    const meta = graphError.safeParse(body).data?.error
    throw upstream(`Graph API refused the template listing (HTTP ${response.status}): ${meta?.message ?? 'no error message'}`, {
      code: meta?.code,
      message: meta?.message,
    })
  }
  const page = listingPage.safeParse(body)
  if (!page.success) throw upstream('Graph API answered the template listing with something that is not a listing')
  return page.data
}

/**
 * Every template of the WhatsApp Business Account, following `paging.next` to the end. Any
 * failure throws 502 WHATSAPP_UPSTREAM_ERROR (Meta's code and message in `details`) before
 * anything is written; a `next` off Graph's own host is refused rather than followed.
 */
export async function listGraphTemplates(fetcher: typeof fetch, account: { graphUrl: string; businessId: string; token: string }): Promise<ListedTemplate[]> {
  const graphOrigin = new URL(account.graphUrl).origin
  const listed: ListedTemplate[] = []
  let url: string | undefined = `${account.graphUrl}/${encodeURIComponent(account.businessId)}/message_templates?limit=${PAGE_SIZE}`
  for (let pages = 0; url; pages += 1) {
    if (pages === MAX_PAGES) throw upstream(`Graph API listed more than ${MAX_PAGES} pages of templates`)
    const page = await fetchPage(fetcher, url, account.token)
    listed.push(...page.data.map(({ name, language, status, category, components }) => ({ name, language, status: status.toUpperCase(), category: category ?? null, components })))
    url = page.paging?.next
    if (url && new URL(url).origin !== graphOrigin) throw upstream('Graph API pointed the next page of templates off its own host')
  }
  // A template listed twice (pages shifting while read) is one row: the later listing wins.
  return [...new Map(listed.map((template) => [`${template.name}\u0000${template.language}`, template])).values()]
}
