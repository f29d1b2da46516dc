// Tenants for the trigger bench, all set up alike: sandboxed WhatsApp secrets (mock_ token), two
// rules on appointment_confirmed (add_tag and a WhatsApp send) and the same imported patients. A
// ledger hands them out round-robin and counts the triggers each is sent, so the bench can keep
// every tenant within the product's rate limit.
import type { BenchServer } from './bench-server'

export interface BenchTenant {
  clientCode: string
  /** Tenant authentication plus a JSON content type. */
  headers: Record<string, string>
}

const SETUP_PARALLELISM = 4
const SECRETS = { whatsappToken: 'mock_bench', whatsappPhoneNumberId: '100000000000001' }
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
  await callApi(server.url, 'POST', `/api/clients/${clientCode}/secrets`, admin, SECRETS)
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

export interface TriggerLedger {
  /** The next tenant in turn, counted as sent one trigger. */
  nextTenant(): BenchTenant
  /** Tenant `index`, counted as sent one trigger. */
  tenant(index: number): BenchTenant
  total(): number
  mostSentToOneTenant(): number
}

export function createTriggerLedger(tenants: BenchTenant[]): TriggerLedger {
  const sent = tenants.map(() => 0)
  let turn = 0
  const tenant = (index: number) => {
    sent[index] = (sent[index] ?? 0) + 1
    return tenants[index] as BenchTenant
  }
  return {
    nextTenant: () => tenant(turn++ % tenants.length),
    tenant,
    total: () => sent.reduce((sum, count) => sum + count, 0),
    mostSentToOneTenant: () => Math.max(...sent),
  }
}

/** Trigger bodies naming each tenant's patients in turn, or with `newLeads` a new lead each. */
export function createTriggerBodies(patients: number, newLeads: boolean): () => string {
  let sent = 0
  return () =>
    JSON.stringify({
      trigger: 'appointment_confirmed',
      phone: newLeads ? `+9171${String(sent++).padStart(8, '0')}` : patientPhone(sent++ % patients),
      variables: { patientName: 'Ravi Kumar', doctorName: 'Dr. Sharma' },
      ...(newLeads ? { createLeadIfMissing: true, leadData: { firstName: 'Ravi', source: 'website' } } : {}),
    })
}
