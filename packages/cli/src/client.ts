import { createEcodrix } from '@ecodrix/sdk'
import type { Profile } from './config'

export const clientFor = (profile: Profile) => createEcodrix({ baseUrl: profile.apiUrl, apiKey: profile.apiKey, clientCode: profile.clientCode })
