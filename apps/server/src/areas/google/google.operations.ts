import type { Operation } from '../../platform/http/operations'
import { completeGoogleConsentOperation } from './complete-google-consent.handler'
import { startGoogleConsentOperation } from './start-google-consent.handler'

export const googleOperations: Operation[] = [startGoogleConsentOperation, completeGoogleConsentOperation]
