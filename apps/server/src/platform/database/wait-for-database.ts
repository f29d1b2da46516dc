import { type Kysely, sql } from 'kysely'

/** Retries `select 1` until the database answers (a server that is still starting) or time runs out. */
export async function waitForDatabase(db: Kysely<any>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    try {
      await sql`select 1`.execute(db)
      return
    } catch (error) {
      if (Date.now() > deadline) throw new Error(`database unreachable: ${(error as Error).message}`, { cause: error })
      await new Promise((resolve) => setTimeout(resolve, 250))
    }
  }
}
