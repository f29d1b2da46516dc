// Tenants for the trigger bench, all set up alike: sandboxed WhatsApp secrets (mock_ token), two
// rules on appointment_confirmed (add_tag and a WhatsApp send) and the same imported patients; and
// the trigger requests sent to them in turn.
import type { BenchServer } from './bench-server'
import type { TriggerRequest } from './paced-load'

export interface BenchTenant {
  clientCode: string
  /** Tenant authentication plus a JSON content type. */
  headers: Record<string, string>
}

const SETUP_PARALLELISM = 4
// A phone number id is one tenant's: each bench tenant its own, from its code's digits.
const secretsFor = (clientCode: string) => ({ whatsappToken: 'mock_bench', whatsappPhoneNumberId: `1000000${clientCode.replace(/\D/g, '').padStart(8, '0')}` })
const RULES = [
  { name: 'Tag new bookings', trigger: 'appointment_confirmed', actions: [{ type: 'add_tag', config: { tag: 'booked' } }] },
  {
    name: 'Confirm on WhatsApp',
    trigger: 'appointment_confirmed',
    actions: [{ type: 'send_whatsapp', config: { templateName: 'appointment_confirmed', language: 'en_US' } }],
  },
]

export async function callApi(url: string, method: string, path: string, headers: Record<string, string>, body?: unknown) {
  const response = await fetch(`${url}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) })
  const parsed = (await response.json()) as { success: boolean; data: any }
  if (response.status === 429) throw new Error(`${method} ${path} refused with 429: the bench sent ${headers['x-client-code']} too many triggers`)
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(parsed)}`)
  return parsed.data
}

export async function mapConcurrently<T, R>(items: T[], parallelism: number, map: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = []
  let next = 0
  const work = async () => {
    for (let index = next++; index < items.length; index = next++) results[index] = await map(items[index] as T)
  }
  await Promise.all(Array.from({ length: parallelism }, work))
  return results
}

export const patientPhone = (index: number) => `+91700000${String(index).padStart(4, '0')}`

async function setUpTenant(server: BenchServer, clientCode: string, patients: number): Promise<BenchTenant> {
  const headers = { ...(await server.createTenant(clientCode)), 'content-type': 'application/json' }
  const admin = { authorization: `Bearer ${server.adminKey}`, 'content-type': 'application/json' }
  await callApi(server.url, 'POST', `/api/clients/${clientCode}/secrets`, admin, secretsFor(clientCode))
  for (const rule of RULES) await callApi(server.url, 'POST', '/api/crm/automations', headers, rule)
  const leads = Array.from({ length: patients }, (_, index) => ({ firstName: `Patient ${index}`, phone: patientPhone(index), source: 'website' }))
  await callApi(server.url, 'POST', '/api/crm/leads/import', headers, { leads })
  return { clientCode, headers }
}

/** Tenants bench_001, bench_002…, each with `patients` imported leads. */
export function setUpTenants(server: BenchServer, count: number, patients: number): Promise<BenchTenant[]> {
  const codes = Array.from({ length: count }, (_, index) => `bench_${String(index + 1).padStart(3, '0')}`)
  return mapConcurrently(codes, SETUP_PARALLELISM, (code) => setUpTenant(server, code, patients))
}

/**
 * Triggers to the tenants in turn, naming each tenant's patients in turn, or with `newLeads` a phone
 * never sent before (by this generator: use one per run) and the lead to create for it.
 */
export function createTriggerRequests(tenants: BenchTenant[], patients: number, newLeads: boolean): () => TriggerRequest {
  let sent = 0
  return () => {
    const tenant = tenants[sent % tenants.length]!
    const body = JSON.stringify({
      trigger: 'appointment_confirmed',
      phone: newLeads ? `+9171${String(sent).padStart(8, '0')}` : patientPhone(Math.floor(sent / tenants.length) % patients),
      variables: { patientName: 'Ravi Kumar', doctorName: 'Dr. Sharma' },
      ...(newLeads ? { createLeadIfMissing: true, leadData: { firstName: 'Ravi', source: 'website' } } : {}),
    })
    sent += 1
    return { headers: tenant.headers, body }
  }
}
