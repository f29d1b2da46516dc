import type { Operation } from '../../platform/http/operations'
import { addCorsOriginOperation } from './add-cors-origin.handler'
import { listCorsOriginsOperation } from './list-cors-origins.handler'
import { removeCorsOriginOperation } from './remove-cors-origin.handler'

export const corsOperations: Operation[] = [listCorsOriginsOperation, addCorsOriginOperation, removeCorsOriginOperation]
