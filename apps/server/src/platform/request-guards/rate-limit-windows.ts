import { type Kysely, type RawBuilder, sql } from 'kysely'
import type { ControlTables } from '../database/control-tables'
import { AppError } from '../http/errors'

/** A tenant's allowance of requests per one-minute window, in one bucket. */
export interface Allowance {
  clientCode: string
  bucket: string
  limit: number
}

/** What a counted request leaves of the allowance (the `RateLimit-*` headers). */
export interface AllowanceTaken {
  limit: number
  remaining: number
  /** Whole seconds until the window ends (1 to 60). */
  resetSeconds: number
}

const REFUSED = 'EC429'
const resetSeconds = sql<number>`greatest(1, ceil(extract(epoch from date_trunc('minute', now()) + interval '1 minute' - now())))::int`

/**
 * Counts one request in the caller's current one-minute window, atomically and on the database
 * clock (every API node agrees on where windows start), but only while the window is under the
 * limit: a refused request is not counted, and it answers no row.
 */
const countWithinLimit = ({ clientCode, bucket, limit }: Allowance) => sql<{ count: number; reset_seconds: number }>`
  insert into rate_limit_windows as w (client_code, bucket, window_start, count)
  values (${clientCode}, ${bucket}, date_trunc('minute', now()), 1)
  on conflict (client_code, bucket, window_start) do update set count = w.count + 1 where w.count < ${limit}
  returning count, ${resetSeconds} as reset_seconds`

/** The allowance left once a request was counted as the window's `count`th. */
export const allowanceLeft = (allowance: Allowance, count: number, reset: number): AllowanceTaken => ({
  limit: allowance.limit,
  remaining: Math.max(0, allowance.limit - count),
  resetSeconds: reset,
})

function rateLimited(allowance: Allowance, reset: number): AppError {
  const seconds = String(reset)
  return new AppError('RATE_LIMITED', `At most ${allowance.limit} per minute; retry in ${reset} s`, undefined, {
    'RateLimit-Limit': String(allowance.limit),
    'RateLimit-Remaining': '0',
    'RateLimit-Reset': seconds,
    'Retry-After': seconds,
  })
}

/** Takes one request from the allowance in its own statement; refused with 429 RATE_LIMITED past the limit. */
export async function takeAllowance(db: Kysely<ControlTables>, allowance: Allowance): Promise<AllowanceTaken> {
  const { rows } = await sql<{ count: number | null; reset_seconds: number }>`
    with counted as (${countWithinLimit(allowance)})
    select (select count from counted) as count, ${resetSeconds} as reset_seconds`.execute(db)
  const { count, reset_seconds } = rows[0]!
  if (count === null) throw rateLimited(allowance, reset_seconds)
  return allowanceLeft(allowance, count, reset_seconds)
}

/**
 * Takes the allowance inside the statement that writes the request's work (on the control
 * database's schemas): `cte` is the CTE to add under `name`, `count` and `reset` the columns to
 * return. Past the limit the whole statement fails (`allowanceRefusal` reads the error), so the
 * refused request writes and counts nothing, in one round trip instead of two.
 */
export function allowanceInStatement(allowance: Allowance, name: string): { cte: RawBuilder<unknown>; count: RawBuilder<number>; reset: RawBuilder<number> } {
  return {
    cte: sql`(${countWithinLimit(allowance)})`,
    count: sql<number>`ecodrix_allowance_taken((select count from ${sql.id(name)}))`,
    reset: sql<number>`(select reset_seconds from ${sql.id(name)})`,
  }
}

/** The 429 for a statement that failed because the allowance was used up; undefined for any other error. */
export function allowanceRefusal(error: unknown, allowance: Allowance): AppError | undefined {
  const { code, detail } = (error ?? {}) as { code?: string; detail?: string }
  return code === REFUSED ? rateLimited(allowance, Number(detail)) : undefined
}

/** Windows that have ended count nothing any more. */
export async function deleteEndedWindows(db: Kysely<ControlTables>): Promise<number> {
  const result = await db
    .deleteFrom('rate_limit_windows')
    .where('window_start', '<', sql<Date>`now() - interval '1 minute'`)
    .executeTakeFirst()
  return Number(result.numDeletedRows)
}
