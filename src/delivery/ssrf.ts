import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import { BlockList, isIP, type LookupFunction } from 'node:net';
import { withTimeout } from '../timeout';

/**
 * Address ranges a callback may not reach, by the reason given for refusing them; the first match
 * names the refusal, so the narrow metadata addresses come before the ranges that hold them.
 */
const FORBIDDEN: ReadonlyArray<{
  reason: string;
  v4?: Array<[string, number]>;
  v6?: Array<[string, number]>;
}> = [
  {
    reason: 'a cloud metadata address',
    v4: [
      ['169.254.169.254', 32],
      ['100.100.100.200', 32],
    ],
    v6: [['fd00:ec2::254', 128]],
  },
  { reason: 'a loopback address', v4: [['127.0.0.0', 8]], v6: [['::1', 128]] },
  { reason: 'an unspecified address', v4: [['0.0.0.0', 8]], v6: [['::', 128]] },
  {
    reason: 'a private address',
    v4: [
      ['10.0.0.0', 8],
      ['172.16.0.0', 12],
      ['192.168.0.0', 16],
    ],
    v6: [['fc00::', 7]],
  },
  { reason: 'a link-local address', v4: [['169.254.0.0', 16]], v6: [['fe80::', 10]] },
  { reason: 'a shared (CGNAT) address', v4: [['100.64.0.0', 10]] },
  { reason: 'a multicast address', v4: [['224.0.0.0', 4]], v6: [['ff00::', 8]] },
  {
    reason: 'a reserved address',
    v4: [
      ['192.0.0.0', 24],
      ['198.18.0.0', 15],
      ['240.0.0.0', 4],
    ],
    v6: [
      ['100::', 64],
      ['2001:db8::', 32],
    ],
  },
];

const ranges = FORBIDDEN.map(({ reason, v4 = [], v6 = [] }) => {
  const list = new BlockList();
  for (const [network, prefix] of v4) list.addSubnet(network, prefix, 'ipv4');
  for (const [network, prefix] of v6) list.addSubnet(network, prefix, 'ipv6');
  return { reason, list };
});

/** The 16 bytes of an IPv6 address (with or without a dotted IPv4 tail), or null. */
function ipv6Bytes(address: string): number[] | null {
  let text = address;
  const tail: number[] = [];
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    tail.push(...dotted[1]!.split('.').map(Number));
    text = `${text.slice(0, dotted.index)}0:0`;
  }
  const [head, rest] = text.split('::') as [string, string | undefined];
  const groups = (part: string) => (part === '' ? [] : part.split(':').map((group) => parseInt(group, 16)));
  const left = groups(head);
  const right = rest === undefined ? [] : groups(rest);
  const words = [...left, ...Array<number>(8 - left.length - right.length).fill(0), ...right];
  if (words.length !== 8 || words.some((word) => !(word >= 0 && word <= 0xffff))) return null;
  const bytes = words.flatMap((word) => [word >> 8, word & 0xff]);
  if (tail.length === 4) bytes.splice(12, 4, ...tail);
  return bytes;
}

/**
 * The IPv4 address an IPv6 address carries, where the network would deliver it to that IPv4 host:
 * IPv4-mapped and -compatible (::/96), NAT64 (64:ff9b::/96) and 6to4 (2002::/16).
 */
function embeddedIpv4(address: string): string | null {
  const b = ipv6Bytes(address);
  if (!b) return null;
  const quad = (at: number) => b.slice(at, at + 4).join('.');
  const zeros = (from: number, to: number) => b.slice(from, to).every((byte) => byte === 0);
  if (zeros(0, 10) && ((b[10] === 0xff && b[11] === 0xff) || (b[10] === 0 && b[11] === 0))) return quad(12);
  if (b[0] === 0 && b[1] === 0x64 && b[2] === 0xff && b[3] === 0x9b && zeros(4, 12)) return quad(12);
  if (b[0] === 0x20 && b[1] === 0x02) return quad(2);
  return null;
}

/** Why a callback may not reach this IP address, or null when it may. */
export function forbiddenAddressReason(address: string): string | null {
  const family = isIP(address);
  if (family === 0) return 'not an IP address';
  const type = family === 4 ? 'ipv4' : 'ipv6';
  const match = ranges.find(({ list }) => list.check(address, type));
  if (match) return match.reason;
  if (family === 6) {
    // The network would deliver these to the IPv4 host inside, so that host is what is judged.
    const inner = embeddedIpv4(address);
    if (inner) return forbiddenAddressReason(inner);
  }
  return null;
}

/** A callback URL or address that policy refuses; never retried. */
export class CallbackRefusedError extends Error {
  readonly code = 'ERR_CALLBACK_REFUSED';
  override name = 'CallbackRefusedError';
}

/** Host names and addresses the operator allows although they are private (CALLBACK_ALLOW_HOSTS). */
export type AllowHosts = ReadonlySet<string>;

/** Lower case, without IPv6 brackets or a trailing dot, as allow-list entries are compared. */
export function normalizeHost(host: string): string {
  return host
    .trim()
    .toLowerCase()
    .replace(/^\[|\]$/g, '')
    .replace(/\.$/, '');
}

export function createAllowHosts(entries: readonly string[]): AllowHosts {
  return new Set(entries.map(normalizeHost).filter((entry) => entry !== ''));
}

/** Why none of these addresses of `host` may be called, or null when all may. */
function refusalForAddresses(host: string, addresses: readonly string[], allow: AllowHosts): string | null {
  for (const address of addresses) {
    if (allow.has(normalizeHost(address))) continue;
    const reason = forbiddenAddressReason(address);
    if (reason) {
      const what = address === host ? address : `${host} resolves to ${address}, which`;
      return `${what} is ${reason}; callbacks may not reach it unless the operator allow-lists the host (CALLBACK_ALLOW_HOSTS)`;
    }
  }
  return null;
}

/**
 * Why this URL may not be a callback target judged by its text alone (scheme; a host that is an IP
 * address), or null. A host name is judged by what it resolves to, see `checkCallbackUrl`.
 */
export function refusalByUrl(url: URL, allow: AllowHosts): string | null {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'must be an http or https URL';
  const host = normalizeHost(url.hostname);
  if (allow.has(host) || isIP(host) === 0) return null;
  return refusalForAddresses(host, [host], allow);
}

/** Resolves a host name to every address it has. */
export type ResolveAll = (hostname: string) => Promise<string[]>;

export const resolveAll: ResolveAll = (hostname) =>
  new Promise((resolve, reject) =>
    dnsLookup(hostname, { all: true }, (error, addresses) =>
      error ? reject(error) : resolve(addresses.map((entry) => entry.address)),
    ),
  );

/**
 * Why a site may not register this callback URL, or null. A name that does not resolve now is
 * accepted (DNS may not be set up yet): the check that counts runs again at every send.
 */
export async function checkCallbackUrl(
  text: string,
  options: { allow: AllowHosts; resolve: ResolveAll; timeoutMs?: number },
): Promise<string | null> {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return 'must be an http or https URL';
  }
  const byUrl = refusalByUrl(url, options.allow);
  const host = normalizeHost(url.hostname);
  if (byUrl || options.allow.has(host) || isIP(host) !== 0) return byUrl;
  // A name that does not resolve, or not in time, is not refused here (see above).
  const addresses = await withTimeout(
    options.resolve(host),
    options.timeoutMs ?? 3_000,
    'callback host lookup',
  ).catch(() => null);
  return addresses ? refusalForAddresses(host, addresses, options.allow) : null;
}

/**
 * A `lookup` for http.request that resolves, refuses the connection when any address is forbidden,
 * and hands the checked addresses to the socket: the address connected to is the one checked, so a
 * DNS answer that changes between check and connect (rebinding) cannot slip through.
 */
export function createPinnedLookup(allow: AllowHosts): LookupFunction {
  return (hostname, options: LookupOptions, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
      if (error) return callback(error, '', 0);
      const host = normalizeHost(hostname);
      const refusal = allow.has(host)
        ? null
        : refusalForAddresses(
            host,
            addresses.map((entry) => entry.address),
            allow,
          );
      if (refusal) return callback(new CallbackRefusedError(refusal), '', 0);
      if (addresses.length === 0)
        return callback(Object.assign(new Error(`${hostname} has no address`), { code: 'ENOTFOUND' }), '', 0);
      if (options.all) return callback(null, addresses);
      return callback(null, addresses[0]!.address, addresses[0]!.family);
    });
  };
}
