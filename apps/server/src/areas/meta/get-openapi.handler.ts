import openapiDocument from '@ecodrix/openapi/openapi.json'
import { getOpenapiJsonRoute } from '../../generated/routes'
import { defineOperation } from '../../platform/http/operations'

export const getOpenapiOperation = defineOperation(getOpenapiJsonRoute, (c) => c.json(openapiDocument, 200))
