import { type Kysely, sql } from 'kysely'

/**
 * Lets one statement both count a request against its rate limit and write the request's work:
 * given the count of a guarded upsert that counted nothing (over the limit), it fails the statement
 * with SQLSTATE EC429, so nothing is written and nothing counted, and says in the error's detail how
 * many seconds are left in the window.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create or replace function ecodrix_allowance_taken(counted integer) returns integer
    language plpgsql as $$
    begin
      if counted is null then
        raise exception 'over the rate limit' using errcode = 'EC429',
          detail = greatest(1, ceil(extract(epoch from date_trunc('minute', now()) + interval '1 minute' - now())))::int::text;
      end if;
      return counted;
    end $$`.execute(db)
}
