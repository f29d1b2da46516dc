import { AppError } from '../../../platform/http/errors'
import { defineTenantOperation } from '../../../platform/http/operations'
import { findCollection } from './template-collections'

export const listCollectionFieldsOperation = defineTenantOperation('collections.fields', async ({ ctx, input }) => {
  const collection = findCollection(input.name)
  if (!collection) throw new AppError('NOT_FOUND', `No collection ${input.name}: see GET /api/saas/chat/collections`)
  return collection.fields(ctx)
})
