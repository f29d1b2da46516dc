import type { Module } from '../../platform/module'
import { getOpenapiOperation } from './get-openapi'

/** The contract itself, served. */
export const metaModule: Module = {
  name: 'meta',
  operations: [getOpenapiOperation],
}
