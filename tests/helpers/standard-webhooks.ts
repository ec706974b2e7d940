import { createHmac, timingSafeEqual } from 'node:crypto';

/** How far a webhook-timestamp may be from now, either way, per the Standard Webhooks spec. */
const TOLERANCE_SECONDS = 5 * 60;

/**
 * Verifies a Standard Webhooks request as a site would, written here from the specification
 * (standardwebhooks.com), not with the library the service signs with, so that a mistake shared
 * by our signing and that library cannot pass unnoticed. Pinned to the specification's published
 * test vector in tests/unit/standard-webhooks.test.ts. Returns the parsed body; throws when no
 * v1 signature matches or the timestamp is outside the tolerance.
 */
export function verifyStandardWebhook(
  secret: string,
  body: string,
  headers: { id: string; timestamp: string; signature: string },
  nowSeconds = Math.floor(Date.now() / 1000),
): unknown {
  const timestamp = Number(headers.timestamp);
  if (!/^\d+$/.test(headers.timestamp) || Math.abs(nowSeconds - timestamp) > TOLERANCE_SECONDS) {
    throw new Error('webhook-timestamp is missing or outside the tolerance');
  }
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const expected = createHmac('sha256', key).update(`${headers.id}.${headers.timestamp}.${body}`).digest();
  // The header lists one "v1,<base64>" per signing secret, separated by spaces.
  const matches = headers.signature.split(' ').some((entry) => {
    const [version, signature] = entry.split(',', 2);
    if (version !== 'v1' || !signature) return false;
    const given = Buffer.from(signature, 'base64');
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
  if (!matches) throw new Error('no webhook-signature matches the secret');
  return JSON.parse(body);
}
