import { createHash } from 'node:crypto';
import type { Pool } from 'pg';
import type { RedisClient } from '../redis-connection';
import { Webhook } from 'standardwebhooks';
import { ConflictError, SignatureError, UnavailableError } from '../errors';
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

/** What the service answered to a signed request, kept so that its sender's retry gets the same answer. */
export interface FirstAnswer {
  status: number;
  contentType: string | null;
  location: string | null;
  body: string;
}

/** A verified signed request: its site and, when it repeats an earlier request, that request's answer. */
export interface VerifiedRequest {
  site: Site;
  /** The earlier answer when the same webhook-id came before with the same body and succeeded. */
  repeatOf: FirstAnswer | null;
}

/** What Redis keeps per webhook-id: a digest of the body and, once it succeeded, the answer. */
interface SeenRequest {
  body: string;
  answer?: FirstAnswer;
}

const digest = (body: Buffer) => createHash('sha256').update(body).digest('base64url');

export interface SignedRequestsDeps {
  pool: Pool;
  /** The api's producer connection; it fails fast when Redis is down. */
  redis: RedisClient;
  /** The Redis namespace of the webhook-ids seen (src/redis-keys.ts). */
  namespace: string;
}

/**
 * Sites authenticated by a Standard Webhooks signature made with their webhook secret (or, during
 * a secret rotation's grace, the previous one). A stale or future timestamp is refused.
 *
 * A webhook-id is an idempotency key, remembered per site for 10 minutes with a digest of the body.
 * Standard Webhooks senders retry with the same id (and a new timestamp and signature), so the same
 * id with the same body is a repeat: it gets the first request's answer and does nothing again. The
 * same id with another body is a replay and is refused. An id is spent only by a request that
 * succeeds: the caller releases the id of a request that failed (400, 503, 429, …), so its retry runs.
 */
export function createSignedRequests(deps: SignedRequestsDeps) {
  const key = (siteId: string, id: string) => `${deps.namespace}:${siteId}:${id}`;

  /** A Redis command within REDIS_TIMEOUT_MS; without Redis a replay would pass unnoticed, so: 503. */
  const withinTimeout = <T>(command: Promise<T>, undo?: (result: T) => unknown): Promise<T> =>
    withTimeout(command, REDIS_TIMEOUT_MS, 'replay check').catch(() => {
      // A write that lands after we gave up must not be left behind: undo it.
      if (undo) command.then(undo).catch(() => undefined);
      throw new UnavailableError('Signed requests cannot be checked for replays right now; retry later.');
    });

  return {
    /** The site that signed the request, and the first answer if this repeats a request; throws SignatureError otherwise. */
    async verify(request: SignedRequest): Promise<VerifiedRequest> {
      assertFresh(request.timestamp);
      const found = await findSiteSigningSecrets(deps.pool, request.siteId);
      // An unknown site and a wrong signature look alike, so site ids cannot be probed.
      if (!found || !verifiesWithAny(found.secrets, request)) {
        throw new SignatureError(
          'signature_invalid',
          "The signature does not match the site's webhook secret.",
        );
      }
      const site = toSite(found.site);
      const seenKey = key(site.id, request.id);
      const body = digest(request.body);
      const seen: SeenRequest = { body };
      const claim = deps.redis.set(seenKey, JSON.stringify(seen), 'PX', REPLAY_WINDOW_MS, 'NX');
      if ((await withinTimeout(claim, (result) => result && deps.redis.del(seenKey))) !== null) {
        return { site, repeatOf: null };
      }
      const earlier = await withinTimeout(deps.redis.get(seenKey));
      const before = earlier ? (JSON.parse(earlier) as SeenRequest) : null;
      if (before && before.body !== body) {
        throw new SignatureError(
          'replayed_request',
          'This webhook-id was already used with another body; sign each new request with a new id.',
        );
      }
      if (!before?.answer) {
        // The first request is still being answered (or its record just expired): the sender retries.
        throw new ConflictError(
          'request_in_progress',
          'A request with this webhook-id is being answered; retry it in a moment.',
          {},
          { 'retry-after': '1' },
        );
      }
      return { site, repeatOf: before.answer };
    },

    /** Keeps the answer of a request that succeeded, for the repeats of its sender, as long as its id is remembered. */
    remember(siteId: string, request: Pick<SignedRequest, 'id' | 'body'>, answer: FirstAnswer): void {
      const seen: SeenRequest = { body: digest(request.body), answer };
      deps.redis.set(key(siteId, request.id), JSON.stringify(seen), 'KEEPTTL', 'XX').catch(() => undefined);
    },

    /** Frees the webhook-id of a request that failed, so the site's retry with that id is accepted. */
    release(siteId: string, id: string): void {
      deps.redis.del(key(siteId, id)).catch(() => undefined);
    },
  };
}

export type SignedRequests = ReturnType<typeof createSignedRequests>;
