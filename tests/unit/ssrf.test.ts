import type { LookupAddress } from 'node:dns';
import {
  CallbackRefusedError,
  checkCallbackUrl,
  createAllowHosts,
  createPinnedLookup,
  forbiddenAddressReason,
  type ResolveAll,
} from '../../src/delivery/ssrf';

describe('forbiddenAddressReason', () => {
  it.each([
    ['127.0.0.1', 'a loopback address'],
    ['127.255.255.254', 'a loopback address'],
    ['10.0.0.1', 'a private address'],
    ['172.16.0.1', 'a private address'],
    ['172.31.255.255', 'a private address'],
    ['192.168.1.1', 'a private address'],
    ['169.254.169.254', 'a cloud metadata address'],
    ['100.100.100.200', 'a cloud metadata address'],
    ['169.254.1.1', 'a link-local address'],
    ['100.64.0.1', 'a shared (CGNAT) address'],
    ['100.127.255.255', 'a shared (CGNAT) address'],
    ['0.0.0.0', 'an unspecified address'],
    ['224.0.0.1', 'a multicast address'],
    ['255.255.255.255', 'a reserved address'],
    ['::1', 'a loopback address'],
    ['::', 'an unspecified address'],
    ['fc00::1', 'a private address'],
    ['fd12:3456::1', 'a private address'],
    ['fd00:ec2::254', 'a cloud metadata address'],
    ['fe80::1', 'a link-local address'],
    ['febf::1', 'a link-local address'],
    ['ff02::1', 'a multicast address'],
    // IPv6 forms that the network delivers to an IPv4 host are judged by that host.
    ['::ffff:127.0.0.1', 'a loopback address'],
    ['::ffff:7f00:1', 'a loopback address'],
    ['::ffff:10.0.0.1', 'a private address'],
    ['64:ff9b::a9fe:a9fe', 'a cloud metadata address'],
    ['2002:7f00:1::1', 'a loopback address'],
    ['2002:c0a8:101::1', 'a private address'],
  ])('%s is %s', (address, reason) => {
    expect(forbiddenAddressReason(address)).toBe(reason);
  });

  it.each([
    '8.8.8.8',
    '93.184.216.34',
    '172.32.0.1',
    '100.128.0.1',
    '2606:4700::1111',
    '::ffff:8.8.8.8',
    'fec0::1',
  ])('%s is a public address', (address) => {
    expect(forbiddenAddressReason(address)).toBeNull();
  });

  it('a string that is not an IP address is refused', () => {
    expect(forbiddenAddressReason('example.com')).toBe('not an IP address');
  });
});

/** A resolver with fixed answers; a name it does not know does not resolve. */
const fakeDns =
  (answers: Record<string, string[]>): ResolveAll =>
  async (hostname) => {
    const found = answers[hostname];
    if (!found) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
    return found;
  };

const dns = fakeDns({
  'public.example': ['93.184.216.34'],
  'internal.example': ['10.0.0.5'],
  'mixed.example': ['93.184.216.34', '10.0.0.5'],
  'metadata.example': ['169.254.169.254'],
  'v6.example': ['::1'],
  localhost: ['127.0.0.1', '::1'],
});

describe('checkCallbackUrl', () => {
  const check = (url: string, allow: string[] = []) =>
    checkCallbackUrl(url, { allow: createAllowHosts(allow), resolve: dns });

  it.each([
    ['ftp://x', /must be an http or https URL/],
    ['file:///etc/passwd', /must be an http or https URL/],
    ['not a url', /must be an http or https URL/],
    ['http://127.0.0.1:8080/hook', /^127\.0\.0\.1 is a loopback address/],
    ['http://[::1]/hook', /^::1 is a loopback address/],
    // The WHATWG URL parser turns these spellings of 127.0.0.1 into the dotted form first.
    ['http://2130706433/', /^127\.0\.0\.1 is a loopback address/],
    ['http://0x7f.1/', /^127\.0\.0\.1 is a loopback address/],
    ['http://169.254.169.254/latest/meta-data/', /a cloud metadata address/],
    ['http://10.0.0.1/', /a private address/],
    ['http://[::ffff:192.168.0.1]/', /a private address/],
    ['http://100.64.1.1/', /CGNAT/],
    ['http://0.0.0.0:3000/', /an unspecified address/],
    [
      'http://internal.example/hook',
      /^internal\.example resolves to 10\.0\.0\.5, which is a private address/,
    ],
    ['http://mixed.example/hook', /resolves to 10\.0\.0\.5/],
    ['http://metadata.example/', /a cloud metadata address/],
    ['https://v6.example/', /a loopback address/],
    ['http://localhost:3000/', /^localhost resolves to 127\.0\.0\.1, which is a loopback address/],
  ])('%s is refused', async (url, message) => {
    expect(await check(url)).toMatch(message);
  });

  it.each([
    ['https://public.example/hook', []],
    ['http://public.example:8080/hook?x=1', []],
    // A name that does not resolve yet is judged again at every send.
    ['https://nowhere.example/hook', []],
    ['http://127.0.0.1:8080/hook', ['127.0.0.1']],
    ['http://localhost:3000/', ['localhost']],
    ['http://LOCALHOST./', ['localhost']],
    ['http://[::1]:3000/', ['::1']],
    ['http://[::1]:3000/', ['[::1]']],
    // An allow-listed address allows every name that resolves to it.
    ['http://internal.example/hook', ['10.0.0.5']],
  ] as Array<[string, string[]]>)('%s is accepted with allow-list %j', async (url, allow) => {
    expect(await check(url, allow)).toBeNull();
  });

  it('an allow-listed name does not allow another name that resolves to a private address', async () => {
    expect(await check('http://internal.example/', ['localhost'])).toMatch(/a private address/);
  });

  it('a resolver that does not answer in time does not hold up the registration', async () => {
    // Fake timers: the check gives up at its timeout, not at whatever the machine's load allows.
    jest.useFakeTimers();
    try {
      const never: ResolveAll = () => new Promise(() => undefined);
      let settled = false;
      const refusal = checkCallbackUrl('https://slow.example/', {
        allow: createAllowHosts([]),
        resolve: never,
        timeoutMs: 50,
      }).finally(() => (settled = true));
      await jest.advanceTimersByTimeAsync(49);
      expect(settled).toBe(false);
      await jest.advanceTimersByTimeAsync(1);
      expect(settled).toBe(true);
      expect(await refusal).toBeNull();
    } finally {
      jest.useRealTimers();
    }
  });
});

describe('createPinnedLookup (send time, real DNS)', () => {
  const lookup = (allow: string[], all: boolean) =>
    new Promise<{ error: Error | null; addresses: LookupAddress[] | string }>((resolve) =>
      createPinnedLookup(createAllowHosts(allow))('localhost', { all }, (error, addresses) =>
        resolve({ error, addresses }),
      ),
    );

  it('refuses a name that resolves to a loopback address, before any connection', async () => {
    const { error } = await lookup([], true);
    expect(error).toBeInstanceOf(CallbackRefusedError);
    expect(error?.message).toMatch(/^localhost resolves to .*, which is a loopback address/);
  });

  it('hands the checked addresses to the socket when the name is allow-listed', async () => {
    const every = await lookup(['localhost'], true);
    expect(every.error).toBeNull();
    expect((every.addresses as LookupAddress[]).map((entry) => entry.address)).toContain('127.0.0.1');
    const one = await lookup(['localhost'], false);
    expect(one.error).toBeNull();
    expect(['127.0.0.1', '::1']).toContain(one.addresses);
  });
});
