import type { Module } from '../../platform/module'
import { getClientHealthOperation } from './get-client-health'
import { getHealthOperation } from './get-health'

/** Liveness of the platform, and each tenant's view of its own integrations and queue. */
export const healthModule: Module = {
  name: 'health',
  operations: [getHealthOperation, getClientHealthOperation],
}
