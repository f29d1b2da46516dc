import { defineTenantOperation } from '../../../platform/http/operations'
import { templateCollections } from './template-collections'

export const listCollectionsOperation = defineTenantOperation('collections.list', async () => templateCollections)
