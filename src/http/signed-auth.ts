import type { Request, RequestHandler, Response } from 'express';
import { SignatureError } from '../errors';
import type { FirstAnswer, SignedRequests } from '../access/signed-requests';

/**
 * A signed request names its site in this header, `x-site-id: <the site's id>`, because the
 * Standard Webhooks headers identify a message, not its sender; the site's webhook secret then
 * verifies `webhook-signature` over `webhook-id.webhook-timestamp.<raw body>`.
 */
export const SITE_ID_HEADER = 'x-site-id';

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

/** Calls back with the body the route sends, as res.json hands it to res.send. */
function onBodySent(res: Response, sent: (body: string) => void): void {
  const send = res.send.bind(res);
  res.send = (body?: unknown) => {
    if (typeof body === 'string') sent(body);
    return send(body);
  };
}

/** Answers a repeated request as its first one was answered, saying so in `idempotent-replayed`. */
function answerAgain(res: Response, answer: FirstAnswer): void {
  if (answer.contentType) res.set('content-type', answer.contentType);
  if (answer.location) res.location(answer.location);
  res.set('idempotent-replayed', 'true').status(answer.status).send(answer.body);
}

/**
 * Authenticates a site by a Standard Webhooks signature (see SignedRequests). A repeat of a request
 * that succeeded (same webhook-id, same body) gets that request's answer without running again. The
 * answer of a request that succeeds is kept for its repeats; the webhook-id of one that fails is
 * released, so the sender's retry runs.
 */
export function createSignedAuth(signed: SignedRequests): RequestHandler {
  return async (req, res, next) => {
    const headers = readHeaders(req);
    const body = req.rawBody ?? Buffer.alloc(0);
    const { site, repeatOf } = await signed.verify({ ...headers, body });
    if (repeatOf) return answerAgain(res, repeatOf);
    let sentBody: string | null = null;
    onBodySent(res, (text) => (sentBody = text));
    res.once('finish', () => {
      if (res.statusCode >= 300) return signed.release(site.id, headers.id);
      const answer: FirstAnswer = {
        status: res.statusCode,
        contentType: res.get('content-type') ?? null,
        location: res.get('location') ?? null,
        body: sentBody ?? '',
      };
      signed.remember(site.id, { id: headers.id, body }, answer);
    });
    req.site = site;
    next();
  };
}

/** Site authentication of intake: the signature when the request is signed, else the Bearer key. */
export function signedOrBearer(signed: RequestHandler, bearer: RequestHandler): RequestHandler {
  return (req, res, next) => (isSignedRequest(req) ? signed(req, res, next) : bearer(req, res, next));
}
