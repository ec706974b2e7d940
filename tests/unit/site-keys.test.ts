import { base32, generateSiteKey, SITE_KEY_PATTERN } from '../../src/secrets';

describe('site API keys', () => {
  it.each([
    ['', ''],
    ['f', 'my'],
    ['fo', 'mzxq'],
    ['foo', 'mzxw6'],
    ['foob', 'mzxw6yq'],
    ['fooba', 'mzxw6ytb'],
    ['foobar', 'mzxw6ytboi'],
  ])('base32 of %j is the RFC 4648 test vector %j, in lower case and unpadded', (text, encoded) => {
    expect(base32(Buffer.from(text))).toBe(encoded);
  });

  it('a key is a host-name label that survives lower-casing: sk- and 52 base32 characters', () => {
    const keys = Array.from({ length: 50 }, generateSiteKey);
    for (const key of keys) {
      expect(key).toMatch(SITE_KEY_PATTERN);
      expect(key).toHaveLength(55);
      expect(key.toLowerCase()).toBe(key);
      expect(new URL(`http://${key}.akismet.example/`).hostname).toBe(`${key}.akismet.example`);
    }
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('keys issued before (sk_ and base64url) do not look like host-safe keys', () => {
    expect('sk_nuom1aybYGs4-ueRngO-swH3_QZ44d5XpSd4S-P3DGw').not.toMatch(SITE_KEY_PATTERN);
  });
});
