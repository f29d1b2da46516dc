import { type Kysely, sql } from 'kysely'
import type { ControlTables } from '../database/control-tables'
import { REALTIME_CHANNEL, storedPayloadPrefix } from './channel'

type Db = Kysely<ControlTables>

/** Long enough for every node's hub to read a frame: it hears of it within milliseconds. */
const KEPT_FOR = '1 minute'

/**
 * Stores a frame too big to NOTIFY and notifies its id, in one statement; frames past their minute
 * go in the same statement, so the table keeps about a minute of big frames with no sweep.
 */
export async function storeAndNotifyFrame(db: Db, clientCode: string, frame: string): Promise<void> {
  await sql`
    with expired as (delete from realtime_frames where created_at < now() - ${KEPT_FOR}::interval),
    stored as (insert into realtime_frames (frame) values (${frame}) returning id)
    select pg_notify(${REALTIME_CHANNEL}, ${storedPayloadPrefix(clientCode)} || id) from stored`.execute(db)
}

/** The frames of these ids still kept, by id. */
export async function readStoredFrames(db: Db, ids: string[]): Promise<Map<string, string>> {
  const rows = await db.selectFrom('realtime_frames').select(['id', 'frame']).where('id', 'in', ids).execute()
  return new Map(rows.map((row) => [String(row.id), row.frame]))
}
