import { randomUUID } from 'node:crypto'
import { calendar, type calendar_v3 } from 'googleapis/build/src/apis/calendar/index.js'
import type { TenantContext } from '../../platform/platform'
import { readSecrets } from '../clients'
import { describeGoogleFailure, isRevokedGrant } from './google-error'
import { connectLinkHint, googleOAuthClient } from './google-oauth-client'

/** A slow Google must not hold up the trigger that asked for the link. */
const MEET_TIMEOUT_MS = 10_000
const DEFAULT_TITLE = 'Meeting'

export interface MeetRequest {
  title?: string | undefined
  startTime: string
  durationMinutes: number
  attendeeEmail?: string | undefined
}

export interface MeetOutcome {
  meetLink: string | null
  meetWarning: string | null
}

const noLink = (meetWarning: string): MeetOutcome => ({ meetLink: null, meetWarning })

/**
 * Creates a Calendar event with a Google Meet conference in the tenant's connected calendar.
 * Never throws for what can be expected (no OAuth client, no connection, Google refusing or not
 * answering): the link is then null and the warning says why, so the trigger goes on without it.
 */
export async function createMeetLink({ ctx, input }: { ctx: TenantContext; input: MeetRequest }): Promise<MeetOutcome> {
  const { platform, tenant } = ctx
  if (!platform.config.google) return noLink('Google OAuth is not configured on this server')
  const { googleRefreshToken } = await readSecrets(platform, tenant.clientCode)
  if (!googleRefreshToken) return noLink(`Google Calendar is not connected for this client; connect it ${connectLinkHint(tenant.clientCode)}`)

  try {
    const auth = googleOAuthClient(platform.config, platform.fetch, MEET_TIMEOUT_MS)
    auth.setCredentials({ refresh_token: googleRefreshToken })
    const { data: event } = await calendar({ version: 'v3', auth }).events.insert({
      calendarId: 'primary',
      conferenceDataVersion: 1,
      sendUpdates: input.attendeeEmail ? 'all' : 'none',
      requestBody: meetEvent(input),
    })
    const link = event.hangoutLink ?? event.conferenceData?.entryPoints?.find((entry) => entry.entryPointType === 'video')?.uri
    if (link) return { meetLink: link, meetWarning: null }
    const status = event.conferenceData?.createRequest?.status?.statusCode ?? 'none'
    return noLink(`Google Calendar created the event without a Meet link (conference ${status})`)
  } catch (error) {
    const { reason } = describeGoogleFailure(error)
    platform.logger.warn({ clientCode: tenant.clientCode, reason }, 'creating a Google Meet link failed')
    if (isRevokedGrant(error)) {
      return noLink(`Google refused the stored Calendar connection (revoked or expired: ${reason}); reconnect it ${connectLinkHint(tenant.clientCode)}`)
    }
    return noLink(`Google Meet link could not be created: ${reason}`)
  }
}

function meetEvent(input: MeetRequest): calendar_v3.Schema$Event {
  const start = new Date(input.startTime)
  const end = new Date(start.getTime() + input.durationMinutes * 60_000)
  return {
    summary: input.title ?? DEFAULT_TITLE,
    start: { dateTime: start.toISOString() },
    end: { dateTime: end.toISOString() },
    ...(input.attendeeEmail ? { attendees: [{ email: input.attendeeEmail }] } : {}),
    conferenceData: {
      createRequest: { requestId: randomUUID(), conferenceSolutionKey: { type: 'hangoutsMeet' } },
    },
  }
}
