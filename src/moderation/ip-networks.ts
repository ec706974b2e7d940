/**
 * IP addresses and CIDR networks as numbers, so that the block lists can test membership without
 * node:net (moderation/ does no I/O, and imports nothing that could). Addresses come validated
 * (intake's schema), networks too (the policy's); anything else simply matches nothing.
 */

type Parsed = { family: 4 | 6; value: bigint };

function parseV4(text: string): bigint | null {
  const parts = text.split('.');
  if (parts.length !== 4) return null;
  let value = 0n;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part) || Number(part) > 255) return null;
    value = (value << 8n) | BigInt(part);
  }
  return value;
}

function parseV6(text: string): bigint | null {
  let address = text.toLowerCase();
  // An embedded IPv4 tail (::ffff:198.51.100.7) is two groups.
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(address);
  if (v4) {
    const tail = parseV4(v4[1]!);
    if (tail === null) return null;
    address = `${address.slice(0, v4.index)}${(tail >> 16n).toString(16)}:${(tail & 0xffffn).toString(16)}`;
  }
  const halves = address.split('::');
  if (halves.length > 2) return null;
  const groups = (half: string) => (half === '' ? [] : half.split(':'));
  const head = groups(halves[0]!);
  const tail = halves.length === 2 ? groups(halves[1]!) : [];
  const missing = 8 - head.length - tail.length;
  if ((halves.length === 1 && missing !== 0) || missing < 0) return null;
  let value = 0n;
  for (const group of [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...tail]) {
    if (!/^[0-9a-f]{1,4}$/.test(group)) return null;
    value = (value << 16n) | BigInt(parseInt(group, 16));
  }
  return value;
}

/** An address as a number of its family; IPv4-mapped IPv6 addresses count as the IPv4 address. */
export function parseAddress(text: string): Parsed | null {
  const v4 = parseV4(text);
  if (v4 !== null) return { family: 4, value: v4 };
  const v6 = parseV6(text);
  if (v6 === null) return null;
  if (v6 >> 32n === 0xffffn) return { family: 4, value: v6 & 0xffffffffn };
  return { family: 6, value: v6 };
}

/** A CIDR network (`203.0.113.0/24`, `2001:db8::/32`) as a test of membership; null if malformed. */
export function parseNetwork(cidr: string): ((address: Parsed) => boolean) | null {
  const [base, bits] = cidr.split('/');
  const network = base === undefined ? null : parseAddress(base);
  const width = network?.family === 4 ? 32 : 128;
  const prefix = Number(bits);
  if (!network || !Number.isInteger(prefix) || prefix < 0 || prefix > width) return null;
  const shift = BigInt(width - prefix);
  return (address) => address.family === network.family && address.value >> shift === network.value >> shift;
}
