// `@ecodrix/sdk/testing`: test an integration without an ECODrIx server. msw handlers answering
// with the spec's examples (generated from it, so they follow the API), and signed callbacks for a
// receiver's tests. Needs `msw` (a peer dependency); the main entry never imports this one.
export {
  ecodrixErrorHandler,
  ecodrixHandler,
  ecodrixHandlers,
  type MockAnswer,
  type MockError,
  type MockOptions,
  type MockRequestInfo,
  specExample,
} from './handlers'
export { callbackExample, type SignedCallbackOptions, signedCallback } from './signed-callback'
