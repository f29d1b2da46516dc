// A server component: it calls ECODrIx while rendering on the server, so the API key stays there.
import { isEcodrixError } from '@ecodrix/sdk'
import { ecodrixFromEnv } from '@/lib/ecodrix'

export const dynamic = 'force-dynamic'

const SERVICES = [
  ['whatsapp', 'WhatsApp'],
  ['email', 'Email'],
  ['googleMeet', 'Google Meet'],
] as const
const STATUSES = { connected: 'Connected', configured: 'Configured', not_configured: 'Not configured' } as const

export default async function IntegrationsPage() {
  let health
  try {
    health = await ecodrixFromEnv().GET('/api/saas/health/client')
  } catch (error) {
    if (!isEcodrixError(error)) throw error
    return (
      <main>
        <h1>Integrations</h1>
        <p role="alert">
          The ECODrIx call failed: {error.code} ({error.message}).
          {error.requestId && ` Request ID: ${error.requestId}.`}
        </p>
      </main>
    )
  }
  return (
    <main>
      <h1>Integrations of {health.clientCode}</h1>
      <table>
        <tbody>
          {SERVICES.map(([key, label]) => (
            <tr key={key}>
              <th scope="row">{label}</th>
              <td>{STATUSES[health.services[key]]}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p>
        {health.activeAutomations} automation rules enabled, {health.queueDepth} background jobs queued or running.
      </p>
      <p>
        <a href="/inbox">WhatsApp inbox</a>
      </p>
    </main>
  )
}
