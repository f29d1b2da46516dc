import { escapeHtml } from '../../../platform/text/escape-html'
import type { LeadRow } from '../../crm'
import type { ActionEvent } from './action-executor'
import { asText } from '../../../platform/text/as-text'
import { eventValue, leadValue } from './template-values'

const PLACEHOLDER = /\{\{\s*([A-Za-z0-9_.]+)\s*\}\}/g

// A value must not start a new header line.
const singleLine = (text: string) => text.replace(/[\r\n]+/g, ' ')

/** `{{name}}`: the event's variables, then its data, then the lead (`firstName`, `metadata.extra.plan`). */
const placeholderValue = (name: string, lead: LeadRow | null, event: ActionEvent) => asText(eventValue(event, name) ?? leadValue(lead, name))

/**
 * Fills `{{name}}` placeholders in an email's subject and HTML body: values are HTML-escaped in the
 * body and kept on one line in the subject; unknown or empty ones become '' and are reported.
 */
export function fillEmail(template: { subject: string; htmlBody: string }, lead: LeadRow | null, event: ActionEvent) {
  const missing = new Set<string>()
  const fill = (text: string, format: (value: string) => string) =>
    text.replace(PLACEHOLDER, (_match, name: string) => {
      const value = placeholderValue(name, lead, event)
      if (value === undefined) missing.add(name)
      return value === undefined ? '' : format(value)
    })
  const subject = fill(template.subject, singleLine)
  const htmlBody = fill(template.htmlBody, escapeHtml)
  return { subject, htmlBody, missingVariables: [...missing] }
}
