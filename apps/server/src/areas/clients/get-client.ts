import { definePlatformOperation } from '../../platform/http/operations'
import { toClientView } from './client-view'
import { requireClient } from './require-client'

export const getClientOperation = definePlatformOperation('clients.get', async ({ ctx, input }) =>
  toClientView(ctx.platform.db, await requireClient(ctx, input.code)),
)
