import { sql } from 'kysely'
import { AppError } from '../../platform/http/errors'
import { definePlatformOperation } from '../../platform/http/operations'

export const getHealthOperation = definePlatformOperation('health.get', async ({ ctx }) => {
  try {
    await sql`select 1`.execute(ctx.platform.db)
  } catch {
    throw new AppError('DB_UNAVAILABLE', 'Database unreachable')
  }
  return {
    status: 'ok' as const,
    uptime: Math.floor((Date.now() - ctx.platform.startedAt.getTime()) / 1000),
    db: 'connected' as const,
  }
})
