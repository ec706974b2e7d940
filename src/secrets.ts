import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** A new random secret: 32 bytes of entropy, base64url, behind a readable prefix. */
export function generateSecret(prefix: string): string {
  return `${prefix}_${randomBytes(32).toString('base64url')}`;
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
