import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { http, HttpResponse } from 'msw'
import { adminHeaders, request } from '../helpers/http'
import { simulateThirdParties } from '../helpers/network-edge'
import type { TestServer } from '../helpers/test-server'

export const TOKEN_URL = 'https://oauth2.googleapis.com/token'
export const EVENTS_URL = 'https://www.googleapis.com/calendar/v3/calendars/:calendarId/events'
export const CALENDAR_SCOPE = 'https://www.googleapis.com/auth/calendar.events'

export interface EventInsert {
  calendarId: string
  query: URLSearchParams
  authorization: string | null
  body: any
}

interface Grant {
  refreshToken?: string
  scope?: string
}

/**
 * Google's token endpoint and Calendar API as the server sees them through msw: authorization
 * codes the test grants exchange once for tokens; refresh tokens give access tokens until revoked;
 * an event insert needs a live access token and answers with a Meet link.
 */
export function simulateGoogle() {
  const codes = new Map<string, Grant>()
  const refreshTokens = new Set<string>()
  const accessTokens = new Set<string>()
  const tokenRequests: URLSearchParams[] = []
  const inserts: EventInsert[] = []

  const tokenEndpoint = http.post(TOKEN_URL, async ({ request }) => {
    const form = new URLSearchParams(await request.text())
    tokenRequests.push(form)
    const invalidGrant = (description: string) =>
      HttpResponse.json({ error: 'invalid_grant', error_description: description }, { status: 400 })
    const accessToken = `ya29.${randomBytes(8).toString('hex')}`
    if (form.get('grant_type') === 'authorization_code') {
      const grant = codes.get(form.get('code') ?? '')
      if (!grant) return invalidGrant('Malformed auth code.')
      codes.delete(form.get('code')!)
      if (grant.refreshToken) refreshTokens.add(grant.refreshToken)
      accessTokens.add(accessToken)
      return HttpResponse.json({
        access_token: accessToken,
        expires_in: 3599,
        token_type: 'Bearer',
        scope: grant.scope ?? CALENDAR_SCOPE,
        ...(grant.refreshToken ? { refresh_token: grant.refreshToken } : {}),
      })
    }
    if (form.get('grant_type') === 'refresh_token') {
      if (!refreshTokens.has(form.get('refresh_token') ?? '')) return invalidGrant('Token has been expired or revoked.')
      accessTokens.add(accessToken)
      return HttpResponse.json({ access_token: accessToken, expires_in: 3599, token_type: 'Bearer', scope: CALENDAR_SCOPE })
    }
    return HttpResponse.json({ error: 'unsupported_grant_type' }, { status: 400 })
  })

  const calendarEvents = http.post(EVENTS_URL, async ({ request, params }) => {
    const url = new URL(request.url)
    const authorization = request.headers.get('authorization')
    const body = await request.json()
    inserts.push({ calendarId: String(params.calendarId), query: url.searchParams, authorization, body })
    if (!accessTokens.has(authorization?.replace(/^Bearer /, '') ?? '')) {
      return HttpResponse.json({ error: { code: 401, message: 'Request had invalid authentication credentials.' } }, { status: 401 })
    }
    const meetingCode = 'abc-defg-hij'
    return HttpResponse.json({
      id: `evt${randomBytes(4).toString('hex')}`,
      status: 'confirmed',
      htmlLink: 'https://www.google.com/calendar/event?eid=abc',
      summary: (body as any).summary,
      start: (body as any).start,
      end: (body as any).end,
      hangoutLink: `https://meet.google.com/${meetingCode}`,
      conferenceData: {
        createRequest: { ...(body as any).conferenceData.createRequest, status: { statusCode: 'success' } },
        entryPoints: [{ entryPointType: 'video', uri: `https://meet.google.com/${meetingCode}`, label: `meet.google.com/${meetingCode}` }],
        conferenceSolution: { key: { type: 'hangoutsMeet' }, name: 'Google Meet' },
        conferenceId: meetingCode,
      },
    })
  })

  const edge = simulateThirdParties(tokenEndpoint, calendarEvents)
  return {
    edge,
    tokenRequests,
    inserts,
    /** What Google answers for `code` once the user consented (no refresh token when omitted). */
    grant(grant: Grant = { refreshToken: `1//${randomBytes(16).toString('hex')}` }) {
      const code = `4/${randomBytes(12).toString('hex')}`
      codes.set(code, grant)
      return { code, refreshToken: grant.refreshToken }
    },
    revoke(refreshToken: string) {
      refreshTokens.delete(refreshToken)
    },
  }
}

type Google = ReturnType<typeof simulateGoogle>

/** A connect link for the client, as the admin API issues it: `{ url, expiresAt }`. */
export async function issueConnectLink(server: TestServer, clientCode: string): Promise<{ url: string; expiresAt: string }> {
  const result = await request(server, 'POST', `/api/clients/${clientCode}/google/connect-link`, { headers: adminHeaders(server) })
  assert.equal(result.status, 200, JSON.stringify(result.body))
  return result.body.data
}

/** Opens a connect link as the operator's browser would (the path and query of its URL, on `server`). */
export function openConnectLink(server: TestServer, url: string) {
  const { pathname, search } = new URL(url)
  return request(server, 'GET', `${pathname}${search}`)
}

/** Issues a connect link, opens it as the operator's browser would and returns where it was sent. */
export async function startConsent(server: TestServer, clientCode: string) {
  const result = await openConnectLink(server, (await issueConnectLink(server, clientCode)).url)
  assert.equal(result.status, 302, JSON.stringify(result.body))
  const location = new URL(result.headers.get('location')!)
  return { location, state: location.searchParams.get('state')! }
}

/** The whole consent: connect, Google's consent screen (granted), then Google's redirect to the callback. */
export async function connectCalendar(server: TestServer, google: Google, clientCode: string) {
  const { state } = await startConsent(server, clientCode)
  const { code, refreshToken } = google.grant()
  const callback = await request(server, 'GET', `/api/auth/google/callback?code=${encodeURIComponent(code)}&state=${state}`, {
    headers: { accept: 'application/json' },
  })
  assert.equal(callback.status, 200, JSON.stringify(callback.body))
  return refreshToken!
}
