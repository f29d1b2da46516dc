import { AppError } from '../../platform/http/errors'
import type { PlatformContext } from '../../platform/platform'
import { toClientView } from './client-view'
import { type ClientRow, findClient } from './clients.repository'

export async function requireClient(ctx: PlatformContext, code: string): Promise<ClientRow> {
  const client = await findClient(ctx.platform.db, code)
  if (!client) throw new AppError('CLIENT_NOT_FOUND', `No client with code "${code}"`)
  return client
}

export async function getClient({ ctx, input }: { ctx: PlatformContext; input: { clientCode: string } }) {
  return toClientView(ctx.platform.db, await requireClient(ctx, input.clientCode))
}
