import { AppError } from '../../platform/http/errors'
import type { PlatformContext } from '../../platform/platform'
import { type ClientRow, findClient } from './clients.repository'

/** The client with this code, or the contract's 404 (`CLIENT_NOT_FOUND`). */
export async function requireClient(ctx: PlatformContext, code: string): Promise<ClientRow> {
  const client = await findClient(ctx.platform.db, code)
  if (!client) throw new AppError('CLIENT_NOT_FOUND', `No client with code "${code}"`)
  return client
}
