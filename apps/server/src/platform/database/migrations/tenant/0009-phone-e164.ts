import { type Kysely, sql } from 'kysely'
import { type CountryCode, parsePhoneNumberWithError } from 'libphonenumber-js/min'

/** Every tenant with rows to migrate predates `clients.default_country`, and its numbers were Indian. */
const LEGACY_COUNTRY: CountryCode = 'IN'
const MAP_TABLE = 'phone_e164_0009'
const BATCH = 5000

function possibleE164(text: string, country?: CountryCode): string | undefined {
  try {
    const number = parsePhoneNumberWithError(text, { defaultCountry: country, extract: false })
    return number.isPossible() ? number.number : undefined
  } catch {
    return undefined
  }
}

/**
 * What a phone stored by the old hand normaliser (`+` and the digits as typed) is in E.164: the digits
 * with a country code when they read as one (its trunk 0 dropped: `+4402079460018` → `+442079460018`),
 * else the digits as a national number of the legacy country (`+09876543210`, `+9876543210` →
 * `+919876543210`). Undefined when neither is a possible number: that phone stays as stored.
 */
function e164OfLegacy(stored: string): string | undefined {
  const digits = stored.replace(/\D/g, '')
  return possibleE164(`+${digits}`) ?? possibleE164(digits, LEGACY_COUNTRY)
}

/** Adds to the map every distinct phone of `table` whose E.164 differs from what is stored. */
async function mapLegacyPhones(db: Kysely<any>, table: 'leads' | 'event_logs'): Promise<void> {
  for (let after = ''; ; ) {
    const rows: { phone: string }[] = await db
      .selectFrom(table)
      .select('phone')
      .distinct()
      .where('phone', '>', after)
      .orderBy('phone')
      .limit(BATCH)
      .execute()
    const changed = rows.flatMap(({ phone }) => {
      const e164 = e164OfLegacy(phone)
      return e164 && e164 !== phone ? [{ legacy: phone, e164 }] : []
    })
    if (changed.length > 0) await db.insertInto(MAP_TABLE).values(changed).onConflict((oc) => oc.column('legacy').doNothing()).execute()
    if (rows.length < BATCH) return
    after = rows[rows.length - 1]!.phone
  }
}

/**
 * Open leads whose numbers become one: the oldest keeps it, the newer ones are archived with the
 * E.164 (archived leads are outside the one-open-lead-per-phone index), and both timelines say so.
 */
async function archiveDuplicateOpenLeads(db: Kysely<any>): Promise<void> {
  const e164 = sql<string>`coalesce(m.e164, leads.phone)`
  const byAge = sql`partition by ${e164} order by leads.created_at, leads.id`
  const archived: { id: string; legacy: string; e164: string; kept_id: string }[] = await db
    .with('targets', (qb) =>
      qb
        .selectFrom('leads')
        .leftJoin(`${MAP_TABLE} as m`, 'm.legacy', 'leads.phone')
        .select(['leads.id', 'leads.phone as legacy', e164.as('e164')])
        .select(sql<number>`row_number() over (${byAge})`.as('age_rank'))
        .select(sql<string>`first_value(leads.id) over (${byAge})`.as('kept_id'))
        .where('leads.status', '=', 'open')
        .where('leads.phone', 'is not', null),
    )
    .updateTable('leads')
    .from('targets')
    .set({ status: 'archived', phone: sql.ref('targets.e164'), updated_at: sql`now()` })
    .whereRef('leads.id', '=', 'targets.id')
    .where('targets.age_rank', '>', 1)
    .returning(['leads.id', 'targets.legacy', 'targets.e164', 'targets.kept_id'])
    .execute()
  for (let start = 0; start < archived.length; start += BATCH) {
    const activities = archived.slice(start, start + BATCH).flatMap((lead) => [
      {
        lead_id: lead.id,
        type: 'status_changed',
        title: 'Archived: an older open lead has the same phone',
        body: `Its phone ${lead.legacy} is ${lead.e164}, the number of the older open lead ${lead.kept_id}: one open lead per number.`,
        data: JSON.stringify({ from: 'open', to: 'archived', reason: 'duplicate_phone', phone: { from: lead.legacy, to: lead.e164 }, keptLeadId: lead.kept_id }),
      },
      {
        lead_id: lead.kept_id,
        type: 'duplicate_archived',
        title: 'A newer open lead with the same phone was archived',
        body: `Lead ${lead.id} had ${lead.legacy}, which is this lead's number ${lead.e164}; it was archived with its history.`,
        data: JSON.stringify({ archivedLeadId: lead.id, phone: lead.legacy }),
      },
    ])
    await db.insertInto('activities').values(activities).execute()
  }
}

/**
 * Phones become E.164 (ADR 0016): leads' and event logs' phones stored by the old hand normaliser
 * are read again, in IN. Open leads that turn out to share a number are resolved oldest first.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable(MAP_TABLE)
    .addColumn('legacy', 'text', (col) => col.primaryKey())
    .addColumn('e164', 'text', (col) => col.notNull())
    .execute()
  await mapLegacyPhones(db, 'leads')
  await mapLegacyPhones(db, 'event_logs')
  await archiveDuplicateOpenLeads(db)
  for (const table of ['leads', 'event_logs']) {
    await db.updateTable(table).from(`${MAP_TABLE} as m`).set({ phone: sql.ref('m.e164') }).whereRef(`${table}.phone`, '=', 'm.legacy').execute()
  }
  await db.schema.dropTable(MAP_TABLE).execute()
}
