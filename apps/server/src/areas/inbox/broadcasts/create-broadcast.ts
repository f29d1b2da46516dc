import { randomUUID } from 'node:crypto'
import { AppError, type ErrorDetail, invalidField } from '../../../platform/http/errors'
import { defineTenantOperation, type OperationInput } from '../../../platform/http/operations'
import type { TenantContext } from '../../../platform/platform'
import { leadPhones } from '../../crm'
import { requireSendingNumber } from '../sending/sending-number'
import { requireApprovedTemplate } from '../templates/approved-template'
import { templateVariables } from '../templates/template-variables'
import { type GivenRecipient, storeRecipients } from './broadcast-recipients'
import { insertBroadcast } from './broadcasts.repository'
import { wakeFeeder } from './wake-feeder'

type CreateInput = OperationInput<'broadcasts.create'>

const DEFAULT_LANGUAGE = 'en_US'
export const MAX_RECIPIENTS = 100_000
const MAX_SCHEDULE_AHEAD_MS = 366 * 24 * 3_600_000
/** 100,000 recipients with their variables. */
const BODY_LIMIT_BYTES = 16 * 1024 * 1024

/** When sending starts: now, or a future `scheduledAt` at most a year ahead. */
function startOf(scheduledAt: string | undefined): Date | undefined {
  if (scheduledAt === undefined) return undefined
  const at = new Date(scheduledAt)
  if (Number.isNaN(at.getTime())) throw invalidField('body.scheduledAt', 'not a date-time')
  if (at.getTime() <= Date.now()) throw invalidField('body.scheduledAt', 'must be in the future')
  if (at.getTime() > Date.now() + MAX_SCHEDULE_AHEAD_MS) throw invalidField('body.scheduledAt', 'at most a year ahead')
  return at
}

/** The recipients given, or the audience's leads (each with the shared variables). */
async function givenRecipients(ctx: TenantContext, input: CreateInput): Promise<GivenRecipient[]> {
  if (input.recipients && input.audience) throw invalidField('body.audience', 'give recipients or an audience, not both')
  if (input.recipients) {
    if (input.variables) throw invalidField('body.variables', 'with recipients, each recipient has its own variables')
    return input.recipients
  }
  if (!input.audience) throw invalidField('body.recipients', 'give recipients or an audience')
  const leads = await leadPhones(ctx.tenant.db, { ...input.audience, status: 'open' }, MAX_RECIPIENTS + 1)
  if (leads.length > MAX_RECIPIENTS) throw invalidField('body.audience', `matches more than ${MAX_RECIPIENTS} leads with a phone`)
  return leads.map((lead) => ({ phone: lead.phone, variables: input.variables, leadId: lead.id }))
}

/**
 * `POST /api/saas/chat/broadcast`: checks the template, stores all its recipients and then
 * the broadcast (one transaction) and answers 202 before anything is queued; the
 * feeder job hands recipients to the outbound queue from `scheduledAt` on.
 */
export const createBroadcastOperation = defineTenantOperation('broadcasts.create', async ({ ctx, input }) => {
  const scheduledAt = startOf(input.scheduledAt)
  await requireSendingNumber(ctx)
  const language = input.language ?? DEFAULT_LANGUAGE
  const template = await requireApprovedTemplate(ctx, input.templateName, language)
  const variablesNeeded = Math.max(0, ...templateVariables(template.components).filter((v) => v.component === 'body').map((v) => v.index))
  const given = await givenRecipients(ctx, input)
  const broadcast = await ctx.tenant.db.transaction().execute(async (trx) => {
    // Recipients have no foreign key to their broadcast, so they go first and the broadcast row,
    // with their counts, last.
    const id = randomUUID()
    const recipients = await storeRecipients(trx, id, given, { country: ctx.tenant.defaultCountry, variablesNeeded })
    if (recipients.accepted === 0) {
      const errors = recipients.firstRejected.map((row): ErrorDetail => ({ path: `body.recipients.${row.position}`, message: row.error ?? 'not accepted' }))
      throw new AppError('BROADCAST_NO_RECIPIENTS', input.audience ? 'No lead of the audience has a phone to send to' : 'No recipient can be sent to', errors)
    }
    const row = await insertBroadcast(trx, {
      id,
      name: input.name,
      template_name: input.templateName,
      language,
      status: scheduledAt ? 'scheduled' : 'sending',
      audience: input.audience ? JSON.stringify(input.audience) : null,
      accepted: recipients.accepted,
      rejected: recipients.rejected,
      duplicates: recipients.duplicates,
      ...(scheduledAt ? { scheduled_at: scheduledAt } : {}),
    })
    return { row, recipients }
  })
  await wakeFeeder(ctx, broadcast.row.scheduled_at)
  const { accepted, rejected, duplicates } = broadcast.recipients
  return {
    broadcastId: broadcast.row.id,
    status: broadcast.row.status,
    accepted,
    rejected,
    duplicates,
    scheduledAt: broadcast.row.scheduled_at.toISOString(),
  }
}, { bodyLimitBytes: () => BODY_LIMIT_BYTES, maxArrayLength: MAX_RECIPIENTS })
