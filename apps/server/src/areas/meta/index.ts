import type { Module } from '../../platform/module'
import { getDocsOperation, getDocsScriptOperation } from './api-reference'
import { getIndexOperation } from './get-index'
import { getOpenapiOperation } from './get-openapi'

/** The contract itself, served, and the pages to read it. */
export const metaModule: Module = {
  name: 'meta',
  operations: [getIndexOperation, getDocsOperation, getDocsScriptOperation, getOpenapiOperation],
}
