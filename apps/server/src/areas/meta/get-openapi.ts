import openapiDocument from '@ecodrix/openapi/openapi.json'
import { definePlatformOperation } from '../../platform/http/operations'

export const getOpenapiOperation = definePlatformOperation('meta.openapi', async ({ c }) => c.json(openapiDocument, 200))
