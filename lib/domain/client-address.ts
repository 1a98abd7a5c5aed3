// The part of a client's address that a per-address limit counts: a whole IPv4 address, or the
// /64 network of an IPv6 one (one subscriber's allocation: counting single IPv6 addresses would
// let anyone holding a /64 — every home connection — make 2^64 fresh addresses).
import { isIPv4, isIPv6 } from 'node:net';

/** The eight 16-bit groups of an IPv6 address, `::` expanded; an embedded IPv4 tail is two groups. */
function ipv6Groups(address: string): number[] {
  let text = address.toLowerCase().split('%')[0]!;
  const v4Tail = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (v4Tail) {
    const [a, b, c, d] = v4Tail.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, v4Tail.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.includes('::') ? text.split('::') : [text, undefined];
  const parse = (part: string | undefined) => (part ? part.split(':').map((group) => parseInt(group, 16)) : []);
  const left = parse(head);
  const right = parse(tail);
  return tail === undefined ? left : [...left, ...new Array<number>(8 - left.length - right.length).fill(0), ...right];
}

/** The limited unit of a source address: `a.b.c.d`, or `xxxx:xxxx:xxxx:xxxx::/64`; anything else as given. */
export function limitedAddress(sourceIp: string): string {
  if (isIPv4(sourceIp)) return sourceIp;
  if (!isIPv6(sourceIp)) return sourceIp;
  const groups = ipv6Groups(sourceIp);
  // IPv4-mapped (::ffff:a.b.c.d) is the IPv4 client itself.
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) {
    return [groups[6]! >> 8, groups[6]! & 0xff, groups[7]! >> 8, groups[7]! & 0xff].join('.');
  }
  return `${groups
    .slice(0, 4)
    .map((g) => g.toString(16))
    .join(':')}::/64`;
}
