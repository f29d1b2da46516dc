export {
  createEcodrix,
  createEcodrixAdmin,
  type EcodrixAdminOptions,
  type EcodrixClient,
  type EcodrixOptions,
  type EcodrixTenantClient,
  type TransportOptions,
  type TriggerPayload,
  type TriggerResult,
} from './client'
export { EcodrixError, type EcodrixErrorInit, isEcodrixError } from './errors'
export type { components, operations, paths } from './generated/paths'
export type {
  DataMethod,
  InitArgs,
  Method,
  Page,
  PageFor,
  PageItem,
  PaginatedPath,
  PathsWith,
  RequestExtras,
  RequestInitFor,
  ResponseData,
  Unwrap,
} from './types'
export {
  type EcodrixCallback,
  type SignWebhookOptions,
  signWebhook,
  type VerifiedWebhook,
  type VerifyWebhookOptions,
  type WebhookHeaders,
  type WebhookScheme,
  WebhookVerificationError,
  type WebhookVerificationReason,
  verifyWebhook,
} from './webhooks'
