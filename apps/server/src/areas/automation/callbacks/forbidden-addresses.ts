import { BlockList, isIP } from 'node:net'

type Range = [network: string, prefix: number]

/** Every range that is not public unicast, by the kind a refusal names. */
const rangesByKind: [kind: string, ipv4: Range[], ipv6: Range[]][] = [
  ['unspecified', [['0.0.0.0', 8]], [['::', 128]]],
  ['loopback', [['127.0.0.0', 8]], [['::1', 128]]],
  ['private', [['10.0.0.0', 8], ['172.16.0.0', 12], ['192.168.0.0', 16], ['100.64.0.0', 10]], [['fc00::', 7]]],
  // 169.254.169.254 is the cloud metadata endpoint.
  ['link-local', [['169.254.0.0', 16]], [['fe80::', 10]]],
  ['multicast', [['224.0.0.0', 4]], [['ff00::', 8]]],
  [
    'reserved',
    // 240/4 includes the broadcast address; the others are protocol, documentation and benchmark ranges.
    [['240.0.0.0', 4], ['192.0.0.0', 24], ['192.0.2.0', 24], ['192.88.99.0', 24], ['198.18.0.0', 15], ['198.51.100.0', 24], ['203.0.113.0', 24]],
    [['::', 96], ['64:ff9b:1::', 48], ['100::', 64], ['2001:db8::', 32], ['fec0::', 10]],
  ],
]

// A BlockList also matches IPv4-mapped IPv6 addresses (::ffff:127.0.0.1) against its IPv4 rules.
const lists = rangesByKind.map(([kind, ipv4, ipv6]) => {
  const list = new BlockList()
  for (const [network, prefix] of ipv4) list.addSubnet(network, prefix, 'ipv4')
  for (const [network, prefix] of ipv6) list.addSubnet(network, prefix, 'ipv6')
  return { kind, list }
})

/** Why the IP address is not a public unicast address (`loopback`, `private`…), or undefined when it is. */
export function forbiddenAddressKind(address: string): string | undefined {
  const family = isIP(address) === 6 ? 'ipv6' : 'ipv4'
  return lists.find(({ list }) => list.check(address, family))?.kind
}
