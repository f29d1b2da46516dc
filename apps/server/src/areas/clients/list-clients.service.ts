import type { PlatformContext } from '../../platform/platform'
import { toClientView } from './client-view'
import { listClientsPage } from './clients.repository'

export interface ListClientsInput {
  page: number
  limit: number
}

export async function listClients({ ctx, input }: { ctx: PlatformContext; input: ListClientsInput }) {
  const { db } = ctx.platform
  const { rows, total } = await listClientsPage(db, { offset: (input.page - 1) * input.limit, limit: input.limit })
  const clients = await Promise.all(rows.map((row) => toClientView(db, row)))
  return { clients, total, page: input.page, limit: input.limit }
}
