import type { Request, RequestHandler } from 'express';
import type { Pool } from 'pg';
import type { Redis } from 'ioredis';
import { Webhook } from 'standardwebhooks';
import { SignatureError, UnavailableError } from '../errors';
import { findSiteSigningSecrets } from '../db/sites-repository';
import { withTimeout } from '../timeout';

/**
 * A signed request names its site in this header, `x-site-id: <the site's id>`, because the
 * Standard Webhooks headers identify a message, not its sender; the site's webhook secret then
 * verifies `webhook-signature` over `webhook-id.webhook-timestamp.<raw body>`.
 */
export const SITE_ID_HEADER = 'x-site-id';

/** The Standard Webhooks tolerance, which the library also enforces; checked first for a distinct code. */
const TOLERANCE_SECONDS = 5 * 60;
/** Longer than a signature stays fresh (±5 min), so a replay cannot outlive the memory of its id. */
const REPLAY_WINDOW_MS = 10 * 60_000;
/** A Redis that does not answer within this is treated as down. */
const REDIS_TIMEOUT_MS = 1_000;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MESSAGE_ID = /^[\x21-\x7e]{1,200}$/;
/** The intake routes that accept signed requests; elsewhere the signature headers mean nothing. */
const SIGNED_ROUTES = /^\/v1\/comments(\/batch)?\/?$/i;

interface SignedHeaders {
  siteId: string;
  id: string;
  timestamp: string;
  signature: string;
}

const header = (req: Request, name: string) => {
  const value = req.headers[name];
  return typeof value === 'string' ? value : undefined;
};

/** A request carrying a Standard Webhooks signature, to a route that accepts one. */
export function isSignedRequest(req: Request): boolean {
  return (
    req.method === 'POST' &&
    req.headers['webhook-signature'] !== undefined &&
    SIGNED_ROUTES.test(req.originalUrl.split('?')[0]!)
  );
}

function readHeaders(req: Request): SignedHeaders {
  const siteId = header(req, SITE_ID_HEADER);
  const id = header(req, 'webhook-id');
  const timestamp = header(req, 'webhook-timestamp');
  const signature = header(req, 'webhook-signature');
  if (!siteId || !UUID.test(siteId)) {
    throw new SignatureError('signature_invalid', `A signed request names its site in ${SITE_ID_HEADER}.`);
  }
  if (!id || !MESSAGE_ID.test(id) || !timestamp || !signature) {
    throw new SignatureError(
      'signature_invalid',
      'A signed request carries webhook-id, webhook-timestamp and webhook-signature.',
    );
  }
  return { siteId, id, timestamp, signature };
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
function verifiesWithAny(secrets: string[], body: Buffer, headers: SignedHeaders): boolean {
  const signed = {
    'webhook-id': headers.id,
    'webhook-timestamp': headers.timestamp,
    'webhook-signature': headers.signature,
  };
  return secrets.some((secret) => {
    try {
      new Webhook(secret).verify(body, signed, { jsonParse: false });
      return true;
    } catch {
      return false;
    }
  });
}

export interface SignedAuthDeps {
  pool: Pool;
  /** The api's producer connection; it fails fast when Redis is down. */
  redis: Redis;
  /** QUEUE_PREFIX: the namespace of every key the service writes. */
  prefix: string;
}

/**
 * Authenticates a site by a Standard Webhooks signature made with its webhook secret (or, during
 * a secret rotation's grace, the previous one). Refuses a stale or future timestamp and a
 * webhook-id already used by the site in the last 10 minutes.
 *
 * A webhook-id is spent only by a request that succeeds: Standard Webhooks senders retry with the
 * same id, so an id whose request failed (503, 429, …) is released and the retry is accepted. A
 * replay of a failed request can only do what its signer asked for.
 */
export function createSignedAuth(deps: SignedAuthDeps): RequestHandler {
  return async (req, res, next) => {
    const headers = readHeaders(req);
    assertFresh(headers.timestamp);
    const found = await findSiteSigningSecrets(deps.pool, headers.siteId);
    // An unknown site and a wrong signature look alike, so site ids cannot be probed.
    if (!found || !verifiesWithAny(found.secrets, req.rawBody ?? Buffer.alloc(0), headers)) {
      throw new SignatureError(
        'signature_invalid',
        "The signature does not match the site's webhook secret.",
      );
    }
    const key = `${deps.prefix}:signed-intake:${found.site.id}:${headers.id}`;
    const claim = deps.redis.set(key, '1', 'PX', REPLAY_WINDOW_MS, 'NX');
    let claimed: string | null;
    try {
      claimed = await withTimeout(claim, REDIS_TIMEOUT_MS, 'replay check');
    } catch {
      // A claim that lands after we gave up would refuse the site's retry as a replay: undo it.
      claim.then((result) => result && deps.redis.del(key)).catch(() => undefined);
      // Without the record of seen ids a replay would pass unnoticed: refuse rather than risk it.
      throw new UnavailableError('Signed requests cannot be checked for replays right now; retry later.');
    }
    if (claimed === null) {
      throw new SignatureError(
        'replayed_request',
        'This webhook-id was already used; sign each request anew.',
      );
    }
    res.once('finish', () => {
      if (res.statusCode >= 300) deps.redis.del(key).catch(() => undefined);
    });
    req.site = found.site;
    next();
  };
}

/** Site authentication of intake: the signature when the request is signed, else the Bearer key. */
export function signedOrBearer(signed: RequestHandler, bearer: RequestHandler): RequestHandler {
  return (req, res, next) => (isSignedRequest(req) ? signed(req, res, next) : bearer(req, res, next));
}
