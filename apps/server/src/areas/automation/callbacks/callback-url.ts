import { type LookupAddress, promises as dns } from 'node:dns'
import { isIP, type LookupFunction } from 'node:net'
import { AppError } from '../../../platform/http/errors'
import type { Platform } from '../../../platform/platform'
import { forbiddenAddress } from './forbidden-addresses'

/** Where a callback goes: its URL and the addresses, already checked, to connect to. */
export interface CallbackTarget {
  url: URL
  addresses: LookupAddress[]
}

const forbidden = (message: string) => new AppError('CALLBACK_URL_FORBIDDEN', message)

async function resolveHost(hostname: string): Promise<LookupAddress[]> {
  const host = hostname.replace(/^\[(.*)\]$/, '$1')
  const family = isIP(host)
  if (family !== 0) return [{ address: host, family }]
  try {
    return await dns.lookup(host, { all: true, verbatim: true })
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'lookup failed'
    throw forbidden(`callbackUrl host "${host}" does not resolve (${code})`)
  }
}

/**
 * Parses the URL, resolves its host and checks every address it resolves to: a host with one
 * private address among public ones is refused as well, since a later lookup could return it.
 * `allowPrivateCallbacks` (development, tests) lifts the address rule, not the scheme rule.
 */
export async function resolveCallbackTarget({ platform, url }: { platform: Platform; url: string }): Promise<CallbackTarget> {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    throw forbidden('callbackUrl is not a valid URL')
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw forbidden('callbackUrl must use http or https')

  const addresses = await resolveHost(parsed.hostname)
  if (!platform.config.allowPrivateCallbacks) {
    for (const { address } of addresses) {
      const refused = forbiddenAddress(address)
      if (!refused) continue
      const carried = refused.embeds ? `, which carries ${refused.embeds}` : ''
      throw forbidden(`callbackUrl host "${parsed.hostname}" resolves to a ${refused.kind} address (${address}${carried})`)
    }
  }
  if (addresses.length === 0) throw forbidden(`callbackUrl host "${parsed.hostname}" does not resolve`)
  return { url: parsed, addresses }
}

/** Refuses (400 CALLBACK_URL_FORBIDDEN) a callback URL that is not http(s) or reaches a non-public address. */
export async function assertCallbackUrlAllowed(args: { platform: Platform; url: string }): Promise<void> {
  await resolveCallbackTarget(args)
}

/**
 * A `lookup` for `http.request` that answers with the checked addresses only, so the connection
 * goes where the check looked even if the name now resolves elsewhere (DNS rebinding). The URL
 * keeps its host name, so the Host header and TLS (SNI, certificate name) are those of the URL.
 * (Node connects to an IP literal without a lookup; that address is the one checked.)
 */
export function pinnedLookup(target: CallbackTarget): LookupFunction {
  const [first] = target.addresses
  return (_hostname, options, callback) => {
    if (options.all) callback(null, target.addresses)
    else if (first) callback(null, first.address, first.family)
  }
}
