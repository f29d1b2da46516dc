import ipaddr from 'ipaddr.js'

/** Why an address is refused: the kind of range it is in, and the IPv4 address it carries, if any. */
export interface ForbiddenAddress {
  kind: string
  embeds?: string
}

/** The kinds a refusal names, from ipaddr.js's range names; any other range keeps its ipaddr.js name. */
const kindOfRange: Record<string, string> = {
  unspecified: 'unspecified',
  loopback: 'loopback',
  private: 'private',
  uniqueLocal: 'private',
  carrierGradeNat: 'private',
  // 169.254.169.254 is the cloud metadata endpoint.
  linkLocal: 'link-local',
  multicast: 'multicast',
  rfc6052: 'local-use NAT64',
}

const NAT64_WELL_KNOWN = ipaddr.parseCIDR('64:ff9b::/96')
// IANA's global unicast block: ipaddr.js calls every address outside its special ranges unicast,
// which leaves unassigned space and the deprecated IPv4-compatible ::a.b.c.d (::/96) open.
const GLOBAL_UNICAST = ipaddr.parseCIDR('2000::/3')

/**
 * The IPv4 address an IPv6 form hands traffic to: IPv4-mapped (::ffff:0:0/96) and IPv4-translated
 * (::ffff:0:0:0/96) in their last 32 bits, NAT64's well-known prefix (64:ff9b::/96) as well, 6to4
 * (2002::/16) in bits 16 to 47. A local-use NAT64 prefix (64:ff9b:1::/48) does not say where the
 * address sits, so it stays refused as itself.
 */
function embeddedIPv4(address: ipaddr.IPv6): ipaddr.IPv4 | undefined {
  const bytes = address.toByteArray()
  const range = address.range()
  if (range === 'ipv4Mapped' || range === 'rfc6145' || address.match(NAT64_WELL_KNOWN)) return new ipaddr.IPv4(bytes.slice(12))
  if (range === '6to4') return new ipaddr.IPv4(bytes.slice(2, 6))
  return undefined
}

/**
 * Why the IP address is not a public unicast address, or undefined when it is. An IPv6 form of an
 * IPv4 address is judged by the IPv4 address it carries, so `64:ff9b::7f00:1` is loopback.
 */
export function forbiddenAddress(address: string): ForbiddenAddress | undefined {
  const parsed = ipaddr.parse(address)
  const embedded = parsed instanceof ipaddr.IPv6 ? embeddedIPv4(parsed) : undefined
  const checked = embedded ?? parsed
  const range = checked.range()
  if (range !== 'unicast') return { kind: kindOfRange[range] ?? range, ...(embedded ? { embeds: embedded.toString() } : {}) }
  if (checked instanceof ipaddr.IPv6 && !checked.match(GLOBAL_UNICAST)) return { kind: 'reserved' }
  return undefined
}
