import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** A new random secret: 32 bytes of entropy, base64url, behind a readable prefix. */
export function generateSecret(prefix: string): string {
  return `${prefix}_${randomBytes(32).toString('base64url')}`;
}

const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';

/** RFC 4648 base32 in lower case, unpadded: letters and digits only, the same in any letter case. */
export function base32(bytes: Buffer): string {
  let out = '';
  let value = 0;
  let bits = 0;
  for (const byte of bytes) {
    value = ((value << 8) | byte) & 0xfff;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  return bits > 0 ? out + BASE32[(value << (5 - bits)) & 31] : out;
}

/** What a site API key looks like; keys issued before they were host-safe (`sk_` and base64url) still work. */
export const SITE_KEY_PATTERN = /^sk-[a-z2-7]{52}$/;

/**
 * A new site API key: `sk-` and 32 random bytes in lower-case base32 (55 characters). It is a valid
 * host-name label (at most 63 characters, letters, digits and hyphens) that survives the lower-casing
 * of host names, so Akismet clients can send it as `<key>.<host>`, as they do with Akismet.
 */
export function generateSiteKey(): string {
  return `sk-${base32(randomBytes(32))}`;
}

/**
 * SHA-256 of a secret, for storage and lookup. A plain hash suffices because the secrets are
 * 256-bit random values, not passwords: there is nothing to brute-force.
 */
export function hashSecret(secret: string): Buffer {
  return createHash('sha256').update(secret).digest();
}

/** Compares two secrets in constant time (over their hashes, so lengths may differ). */
export function secretsEqual(a: string, b: string): boolean {
  return timingSafeEqual(hashSecret(a), hashSecret(b));
}

/** A Standard Webhooks signing secret: `whsec_` and base64 of 32 random bytes. */
export function generateWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}
