import { getApiAuthGoogleConnectRoute } from '../../generated/routes'
import { defineOperation } from '../../platform/http/operations'
import { startGoogleConsent } from './start-google-consent.service'

export const startGoogleConsentOperation = defineOperation(getApiAuthGoogleConnectRoute, async (c) => {
  const { consentUrl } = await startGoogleConsent({
    ctx: { platform: c.var.platform },
    input: { clientCode: c.req.valid('query').clientCode },
  })
  c.header('cache-control', 'no-store')
  return c.redirect(consentUrl, 302)
})
