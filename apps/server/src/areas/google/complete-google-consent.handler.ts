import { getApiAuthGoogleCallbackRoute } from '../../generated/routes'
import { ok } from '../../platform/http/envelope'
import { defineOperation } from '../../platform/http/operations'
import { completeGoogleConsent } from './complete-google-consent.service'
import { googleConnectedPage } from './google-connected-page'

export const completeGoogleConsentOperation = defineOperation(getApiAuthGoogleCallbackRoute, async (c) => {
  const result = await completeGoogleConsent({ ctx: { platform: c.var.platform }, input: c.req.valid('query') })
  // The URL held an authorization code: keep it out of caches and of the Referer of any next page.
  c.header('cache-control', 'no-store')
  c.header('referrer-policy', 'no-referrer')
  if (c.req.header('accept')?.includes('application/json')) return c.json(ok(result), 200)
  return c.html(googleConnectedPage(result.name), 200) as never
})
