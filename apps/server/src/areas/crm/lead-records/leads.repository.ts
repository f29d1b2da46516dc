import { type Kysely, type Selectable, type SelectQueryBuilder, sql, type Transaction, type Updateable } from 'kysely'
import type { LeadMetadata, LeadStatus, TenantTables } from '../../../platform/database/tenant-tables'
import { containsPattern } from '../../../platform/database/like-pattern'
import { idEquals, isUuid } from '../../../platform/database/uuid'
import { MAX_TAGS_PER_LEAD } from './tag-limit'

type Db = Kysely<TenantTables> | Transaction<TenantTables>
export type LeadRow = Selectable<TenantTables['leads']>

export interface NewLead {
  firstName?: string | undefined
  lastName?: string | undefined
  phone: string | null
  email?: string | undefined
  source?: string | undefined
  dealValue?: number | undefined
  dealTitle?: string | undefined
  assignedTo?: string | undefined
  tags?: string[] | undefined
  pipelineId: string
  stageId: string
  metadata?: Partial<LeadMetadata> | undefined
}

/** A new lead's columns, however it arrives (created, imported): absent fields null, the email lower-cased, each tag once. */
function leadValues(lead: NewLead) {
  return {
    first_name: lead.firstName ?? null,
    last_name: lead.lastName ?? null,
    phone: lead.phone,
    email: lead.email?.toLowerCase() ?? null,
    source: lead.source ?? null,
    deal_value: lead.dealValue ?? null,
    deal_title: lead.dealTitle ?? null,
    assigned_to: lead.assignedTo ?? null,
    tags: [...new Set(lead.tags ?? [])],
    pipeline_id: lead.pipelineId,
    stage_id: lead.stageId,
    metadata: JSON.stringify({ refs: lead.metadata?.refs ?? {}, extra: lead.metadata?.extra ?? {} }),
  }
}

export function insertLead(db: Db, lead: NewLead): Promise<LeadRow> {
  return db
    .insertInto('leads')
    .values(leadValues(lead))
    .returningAll()
    .executeTakeFirstOrThrow()
}

export async function findLead(db: Db, id: string): Promise<LeadRow | undefined> {
  if (!isUuid(id)) return undefined
  return db.selectFrom('leads').selectAll().where('id', '=', id).executeTakeFirst()
}

export function findOpenLeadByPhone(db: Db, phone: string): Promise<LeadRow | undefined> {
  return db.selectFrom('leads').selectAll().where('phone', '=', phone).where('status', '=', 'open').executeTakeFirst()
}

/** The open lead with this email (most recently created first): the trigger's fallback when no phone matches. */
export function findOpenLeadByEmail(db: Db, email: string): Promise<LeadRow | undefined> {
  return db
    .selectFrom('leads')
    .selectAll()
    .where('email', '=', email.toLowerCase())
    .where('status', '=', 'open')
    .orderBy('created_at', 'desc')
    .limit(1)
    .executeTakeFirst()
}

export interface LeadFilters {
  status?: LeadStatus | undefined
  pipelineId?: string | undefined
  stageId?: string | undefined
  source?: string | undefined
  assignedTo?: string | undefined
  tags?: string[] | undefined
  minScore?: number | undefined
  search?: string | undefined
  refs?: Record<string, string> | undefined
}

export type LeadSortField = 'score' | 'createdAt' | 'updatedAt' | 'dealValue' | 'lastContactedAt'

const sortColumns = {
  score: 'score',
  createdAt: 'created_at',
  updatedAt: 'updated_at',
  dealValue: 'deal_value',
  lastContactedAt: 'last_contacted_at',
} as const satisfies Record<LeadSortField, keyof TenantTables['leads']>

// The expression the combined list index (migration 0007; first built in 0003) is built on; keep them identical.
const searchableText = sql`(coalesce(first_name, '') || ' ' || coalesce(last_name, '') || ' ' || coalesce(email, '') || ' ' || coalesce(phone, '') || ' ' || coalesce(deal_title, ''))`

function applyFilters<O>(query: SelectQueryBuilder<TenantTables, 'leads', O>, filters: LeadFilters) {
  let q = filters.status ? query.where('status', '=', filters.status) : query.where('status', '<>', 'archived')
  if (filters.pipelineId) q = q.where((eb) => idEquals(eb, 'pipeline_id', filters.pipelineId!))
  if (filters.stageId) q = q.where((eb) => idEquals(eb, 'stage_id', filters.stageId!))
  if (filters.source) q = q.where('source', '=', filters.source)
  if (filters.assignedTo) q = q.where('assigned_to', '=', filters.assignedTo)
  if (filters.tags?.length) q = q.where('tags', '@>', sql<string[]>`${sql.val(filters.tags)}::text[]`)
  if (filters.minScore !== undefined) q = q.where('score', '>=', filters.minScore)
  if (filters.refs && Object.keys(filters.refs).length > 0) {
    q = q.where(sql<boolean>`metadata -> 'refs' @> ${JSON.stringify(filters.refs)}::jsonb`)
  }
  if (filters.search) {
    q = q.where(sql<boolean>`${searchableText} ilike ${containsPattern(filters.search)}`)
  }
  return q
}

export interface LeadOrder {
  sortBy: LeadSortField
  sortDir: 'asc' | 'desc'
}

function orderedLeads(db: Db, filters: LeadFilters, order: LeadOrder) {
  return applyFilters(db.selectFrom('leads').selectAll(), filters)
    .orderBy(sortColumns[order.sortBy], (ob) => (order.sortDir === 'asc' ? ob.asc().nullsLast() : ob.desc().nullsLast()))
    .orderBy('id')
}

export async function listLeadsPage(db: Db, filters: LeadFilters, page: LeadOrder & { offset: number; limit: number }) {
  const [rows, count] = await Promise.all([
    orderedLeads(db, filters, page).offset(page.offset).limit(page.limit).execute(),
    applyFilters(db.selectFrom('leads').select((eb) => eb.fn.countAll<number>().as('total')), filters).executeTakeFirstOrThrow(),
  ])
  return { rows, total: count.total }
}

/** Every matching lead, read `batchSize` at a time so an export never holds them all in memory. */
export async function* leadsInBatches(db: Db, filters: LeadFilters, order: LeadOrder, batchSize = 1000) {
  for (let offset = 0; ; offset += batchSize) {
    const rows = await orderedLeads(db, filters, order).offset(offset).limit(batchSize).execute()
    if (rows.length > 0) yield rows
    if (rows.length < batchSize) return
  }
}

/** The phones (and ids) of the matching leads that have one, oldest lead first, at most `limit`: a broadcast's audience. */
export function leadPhones(db: Db, filters: LeadFilters, limit: number): Promise<{ id: string; phone: string }[]> {
  return applyFilters(db.selectFrom('leads').select(['id', 'phone']), filters)
    .where('phone', 'is not', null)
    .orderBy('created_at')
    .orderBy('id')
    .limit(limit)
    .execute() as Promise<{ id: string; phone: string }[]>
}

/** The open lead of each of these phones that has one (`findOpenLeadByPhone` for many). */
export async function openLeadIdsByPhone(db: Db, phones: string[]): Promise<Map<string, string>> {
  if (phones.length === 0) return new Map()
  const rows = await db.selectFrom('leads').select(['id', 'phone']).where('phone', 'in', phones).where('status', '=', 'open').execute()
  return new Map(rows.map((row) => [row.phone!, row.id]))
}

/** Keys used in leads' metadata.refs and metadata.extra. */
export async function metadataKeys(db: Db): Promise<{ refs: string[]; extra: string[] }> {
  const keys = (part: 'refs' | 'extra') =>
    db
      .selectFrom('leads')
      .select(sql<string>`jsonb_object_keys(metadata -> ${part})`.as('key'))
      .where(sql<boolean>`jsonb_typeof(metadata -> ${part}) = 'object'`)
      .distinct()
      .orderBy('key')
      .execute()
  const [refs, extra] = await Promise.all([keys('refs'), keys('extra')])
  return { refs: refs.map((row) => row.key), extra: extra.map((row) => row.key) }
}

/** Locks the lead's row for the rest of the transaction, so concurrent edits apply one after another. */
export async function lockLead(db: Transaction<TenantTables>, id: string): Promise<LeadRow | undefined> {
  if (!isUuid(id)) return undefined
  return db.selectFrom('leads').selectAll().where('id', '=', id).forUpdate().executeTakeFirst()
}

export function updateLeadRow(db: Db, id: string, changes: Updateable<TenantTables['leads']>): Promise<LeadRow> {
  return db
    .updateTable('leads')
    .set({ ...changes, updated_at: new Date() })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow()
}

export function findLatestLeadByRef(db: Db, field: string, value: string): Promise<LeadRow | undefined> {
  return db
    .selectFrom('leads')
    .selectAll()
    .where(sql<boolean>`metadata -> 'refs' @> ${JSON.stringify({ [field]: value })}::jsonb`)
    .orderBy('created_at', 'desc')
    .limit(1)
    .executeTakeFirst()
}

/**
 * Inserts the rows, or updates the open lead that has the same phone with the fields the row
 * gives (absent fields are kept). `inserted` tells which (xmax is 0 only for a fresh row). A row
 * whose tags would take its lead past MAX_TAGS_PER_LEAD changes nothing and is not answered.
 */
export function upsertLeadsByPhone(db: Db, rows: NewLead[]) {
  return db
    .insertInto('leads')
    .values(rows.map(leadValues))
    .onConflict((oc) =>
      oc
        .column('phone')
        .where(sql<boolean>`status = 'open' and phone is not null`)
        .doUpdateSet({
          first_name: sql`coalesce(excluded.first_name, leads.first_name)`,
          last_name: sql`coalesce(excluded.last_name, leads.last_name)`,
          email: sql`coalesce(excluded.email, leads.email)`,
          source: sql`coalesce(excluded.source, leads.source)`,
          deal_value: sql`coalesce(excluded.deal_value, leads.deal_value)`,
          deal_title: sql`coalesce(excluded.deal_title, leads.deal_title)`,
          assigned_to: sql`coalesce(excluded.assigned_to, leads.assigned_to)`,
          tags: sql`array(select distinct unnest(leads.tags || excluded.tags))`,
          updated_at: sql`now()`,
        })
        .where(sql<boolean>`excluded.tags <@ leads.tags or cardinality(array(select distinct unnest(leads.tags || excluded.tags))) <= ${MAX_TAGS_PER_LEAD}`),
    )
    .returningAll()
    .returning(sql<boolean>`xmax = 0`.as('inserted'))
    .execute()
}

export async function setLeadScore(db: Db, leadId: string, score: number): Promise<void> {
  await db.updateTable('leads').set({ score }).where('id', '=', leadId).execute()
}

export async function countLeadsInStage(db: Db, stageId: string): Promise<number> {
  const row = await db
    .selectFrom('leads')
    .select((eb) => eb.fn.countAll<string>().as('count'))
    .where('stage_id', '=', stageId)
    .executeTakeFirstOrThrow()
  return Number(row.count)
}

/** Moves every lead of one stage to another; answers the ids of the leads moved. */
export async function moveLeadsToStage(db: Db, fromStageId: string, toStageId: string): Promise<string[]> {
  const moved = await db
    .updateTable('leads')
    .set({ stage_id: toStageId, updated_at: new Date() })
    .where('stage_id', '=', fromStageId)
    .returning('id')
    .execute()
  return moved.map((lead) => lead.id)
}

/** Starts the clock of the leads' current stage (their previous stay was recorded first). */
export async function markStageEntered(db: Db, leadIds: string[]): Promise<void> {
  await db.updateTable('leads').set({ stage_entered_at: sql`now()` }).where('id', 'in', leadIds).execute()
}
