import type { Operation } from '../../platform/http/operations'
import { createClientOperation } from './create-client.handler'
import { getClientOperation } from './get-client.handler'
import { listClientsOperation } from './list-clients.handler'
import { rotateApiKeyOperation } from './rotate-api-key.handler'
import { setClientDatasourceOperation } from './set-client-datasource.handler'
import { setClientSecretsOperation } from './set-client-secrets.handler'

export const clientsOperations: Operation[] = [
  createClientOperation,
  listClientsOperation,
  getClientOperation,
  setClientSecretsOperation,
  setClientDatasourceOperation,
  rotateApiKeyOperation,
]
