import type { Module } from '../../platform/module'
import { addCorsOriginOperation } from './add-cors-origin'
import { listCorsOriginsOperation } from './list-cors-origins'
import { removeCorsOriginOperation } from './remove-cors-origin'
import { tenantCors } from './tenant-cors'

/** Browser origins each tenant allows, and the CORS answers that follow from them. */
export const corsModule: Module = {
  name: 'cors',
  operations: [listCorsOriginsOperation, addCorsOriginOperation, removeCorsOriginOperation],
  middleware: [tenantCors()],
}

export { listCorsOrigins } from './cors.repository'
