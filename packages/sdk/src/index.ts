export type { ApiPromise, WithResponse } from './api-promise'
export {
  createEcodrix,
  createEcodrixAdmin,
  type EcodrixAdminClient,
  type EcodrixAdminOptions,
  type EcodrixClient,
  type EcodrixOptions,
  type EcodrixTenantClient,
  type TransportOptions,
  type TriggerPayload,
  type TriggerResult,
  type UploadedMedia,
  type UploadMediaOptions,
} from './client'
export {
  type EcodrixAnyErrorCode,
  type EcodrixClientErrorCode,
  EcodrixError,
  type EcodrixErrorCode,
  type EcodrixErrorInit,
  isEcodrixError,
} from './errors'
export {
  type RealtimeConnection,
  type RealtimeEvents,
  type RealtimeFrame,
  type RealtimeFrameData,
  type RealtimeFrameType,
  type RealtimeOptions,
  realtime,
  type WebSocketConstructor,
  type WebSocketLike,
} from './realtime'
export type { components, operations, paths } from './generated/paths'
export type { CallOptions, OperationGroups, OperationMethod } from './operation-methods'
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
  type EcodrixWebhookPayload,
  type EcodrixWebhookType,
  type SignWebhookOptions,
  signWebhook,
  type VerifiedWebhook,
  type VerifyWebhookOptions,
  type WebhookHeaders,
  type WebhookScheme,
  WebhookVerificationError,
  type WebhookVerificationReason,
  verifyMetaSignature,
  verifyWebhook,
} from './webhooks'
