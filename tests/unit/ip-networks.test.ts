import { parseAddress, parseNetwork } from '../../src/moderation/ip-networks';

describe('IP networks', () => {
  it.each<[string, string, boolean]>([
    ['198.51.100.0/24', '198.51.100.23', true],
    ['198.51.100.0/24', '198.51.101.1', false],
    ['10.0.0.0/8', '10.255.255.255', true],
    ['203.0.113.7/32', '203.0.113.7', true],
    ['203.0.113.7/32', '203.0.113.8', false],
    ['0.0.0.0/0', '192.0.2.1', true],
    ['2001:db8::/32', '2001:db8::1', true],
    ['2001:db8::/32', '2001:0db8:0000:0000:0000:0000:0000:ffff', true],
    ['2001:db8::/32', '2001:db9::1', false],
    ['2001:db8:abcd::/48', '2001:db8:abcd:12::7', true],
    ['::1/128', '::1', true],
    // An IPv4-mapped IPv6 address is its IPv4 address.
    ['198.51.100.0/24', '::ffff:198.51.100.9', true],
    ['198.51.100.0/24', '2001:db8::1', false],
    ['2001:db8::/32', '198.51.100.9', false],
  ])('%s holds %s: %s', (network, address, inside) => {
    const test = parseNetwork(network)!;
    expect(test).not.toBeNull();
    expect(test(parseAddress(address)!)).toBe(inside);
  });

  it.each(['10.0.0.1', '10.0.0.0/33', '300.1.1.1/8', 'not-a-network/8', '2001:db8::/129', '1::2::3/64'])(
    'refuses the malformed network %s',
    (network) => expect(parseNetwork(network)).toBeNull(),
  );

  it.each(['256.1.1.1', '1.2.3', '1:2:3', '2001:db8::g', 'example.org'])('reads no address from %s', (text) =>
    expect(parseAddress(text)).toBeNull(),
  );
});
