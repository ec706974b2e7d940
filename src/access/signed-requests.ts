import type { Pool } from 'pg';
import type { Redis } from 'ioredis';
import { Webhook } from 'standardwebhooks';
import { SignatureError, UnavailableError } from '../errors';
import { findSiteSigningSecrets } from '../db/sites-repository';
import { toSite, type Site } from '../sites/site';
import { withTimeout } from '../timeout';

/** The Standard Webhooks tolerance, which the library also enforces; checked first for a distinct code. */
const TOLERANCE_SECONDS = 5 * 60;
/** Longer than a signature stays fresh (±5 min), so a replay cannot outlive the memory of its id. */
const REPLAY_WINDOW_MS = 10 * 60_000;
/** A Redis that does not answer within this is treated as down. */
const REDIS_TIMEOUT_MS = 1_000;

/** A request signed per Standard Webhooks by a site, as its headers and bytes carry it. */
export interface SignedRequest {
  siteId: string;
  id: string;
  timestamp: string;
  signature: string;
  body: Buffer;
}

function assertFresh(timestamp: string): void {
  const seconds = /^\d{1,12}$/.test(timestamp) ? Number(timestamp) : NaN;
  if (!(Math.abs(Date.now() / 1000 - seconds) <= TOLERANCE_SECONDS)) {
    throw new SignatureError(
      'timestamp_out_of_range',
      `webhook-timestamp must be within ${TOLERANCE_SECONDS} seconds of the current time (Unix seconds).`,
    );
  }
}

/** True when one of the secrets signed the bytes; the library compares in constant time. */
function verifiesWithAny(secrets: string[], request: SignedRequest): boolean {
  const signed = {
    'webhook-id': request.id,
    'webhook-timestamp': request.timestamp,
    'webhook-signature': request.signature,
  };
  return secrets.some((secret) => {
    try {
      new Webhook(secret).verify(request.body, signed, { jsonParse: false });
      return true;
    } catch {
      return false;
    }
  });
}

export interface SignedRequestsDeps {
  pool: Pool;
  /** The api's producer connection; it fails fast when Redis is down. */
  redis: Redis;
  /** The spent webhook-ids' Redis namespace (src/redis-keys.ts). */
  namespace: string;
}

/**
 * Sites authenticated by a Standard Webhooks signature made with their webhook secret (or, during
 * a secret rotation's grace, the previous one). A stale or future timestamp is refused, and so is
 * a webhook-id already used by the site in the last 10 minutes.
 *
 * A webhook-id is spent only by a request that succeeds: Standard Webhooks senders retry with the
 * same id, so the caller releases the id of a request that failed (503, 429, …) and the retry is
 * accepted. A replay of a failed request can only do what its signer asked for.
 */
export function createSignedRequests(deps: SignedRequestsDeps) {
  const key = (siteId: string, id: string) => `${deps.namespace}:${siteId}:${id}`;
  return {
    /** The site that signed the request, its webhook-id now spent; throws SignatureError otherwise. */
    async verify(request: SignedRequest): Promise<Site> {
      assertFresh(request.timestamp);
      const found = await findSiteSigningSecrets(deps.pool, request.siteId);
      // An unknown site and a wrong signature look alike, so site ids cannot be probed.
      if (!found || !verifiesWithAny(found.secrets, request)) {
        throw new SignatureError(
          'signature_invalid',
          "The signature does not match the site's webhook secret.",
        );
      }
      const spent = key(found.site.id, request.id);
      const claim = deps.redis.set(spent, '1', 'PX', REPLAY_WINDOW_MS, 'NX');
      let claimed: string | null;
      try {
        claimed = await withTimeout(claim, REDIS_TIMEOUT_MS, 'replay check');
      } catch {
        // A claim that lands after we gave up would refuse the site's retry as a replay: undo it.
        claim.then((result) => result && deps.redis.del(spent)).catch(() => undefined);
        // Without the record of seen ids a replay would pass unnoticed: refuse rather than risk it.
        throw new UnavailableError('Signed requests cannot be checked for replays right now; retry later.');
      }
      if (claimed === null) {
        throw new SignatureError(
          'replayed_request',
          'This webhook-id was already used; sign each request anew.',
        );
      }
      return toSite(found.site);
    },

    /** Frees the webhook-id of a request that failed, so the site's retry with that id is accepted. */
    release(siteId: string, id: string): void {
      deps.redis.del(key(siteId, id)).catch(() => undefined);
    },
  };
}

export type SignedRequests = ReturnType<typeof createSignedRequests>;
