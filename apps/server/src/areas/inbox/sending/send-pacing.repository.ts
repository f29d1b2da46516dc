import { type Kysely, sql, type Transaction } from 'kysely'
import type { TenantTables } from '../../../platform/database/tenant-tables'

type Db = Kysely<TenantTables> | Transaction<TenantTables>

/** The row's time before the claim's update (ON CONFLICT's existing row). */
const current = sql.ref('whatsapp_send_pacing.next_send_at')

/**
 * The owner of `whatsapp_send_pacing`. Takes `count` consecutive send slots of the number, `1/perSecond`
 * apart, and answers how long until the first (milliseconds, by the database's clock, so nodes whose
 * clocks differ still share one timeline): the row's next free time moves past them in the same
 * statement, so claimers on any number of nodes share the number's rate instead of each spending it.
 */
export async function takeSendSlots(db: Db, phoneNumberId: string, count: number, perSecond: number): Promise<number> {
  const span = sql`make_interval(secs => ${count}::float8 / ${perSecond})`
  const { waitMs } = await db
    .insertInto('whatsapp_send_pacing')
    .values({ phone_number_id: phoneNumberId, next_send_at: sql`now() + ${span}` })
    .onConflict((oc) => oc.column('phone_number_id').doUpdateSet({ next_send_at: sql`greatest(${current}, now()) + ${span}` }))
    .returning(sql<number>`extract(epoch from next_send_at - ${span} - now())::float8 * 1000`.as('waitMs'))
    .executeTakeFirstOrThrow()
  return Math.max(0, waitMs)
}

/** Meta said the number is over its throughput: nothing more goes from it for `ms`. */
export async function holdSends(db: Db, phoneNumberId: string, ms: number): Promise<void> {
  await db
    .insertInto('whatsapp_send_pacing')
    .values({ phone_number_id: phoneNumberId, next_send_at: sql`now() + make_interval(secs => ${ms}::float8 / 1000)` })
    .onConflict((oc) => oc.column('phone_number_id').doUpdateSet({ next_send_at: sql`greatest(${current}, excluded.next_send_at)` }))
    .execute()
}
