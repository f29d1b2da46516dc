import type { Operation } from '../../platform/http/operations'
import { getOpenapiOperation } from './get-openapi.handler'

export const metaOperations: Operation[] = [getOpenapiOperation]
