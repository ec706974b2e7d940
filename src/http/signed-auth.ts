import type { Request, RequestHandler } from 'express';
import { SignatureError } from '../errors';
import type { SignedRequests } from '../access/signed-requests';

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

/**
 * Authenticates a site by a Standard Webhooks signature (see SignedRequests). The webhook-id of a
 * request that fails is released when the answer is sent, so the sender's retry is accepted.
 */
export function createSignedAuth(signed: SignedRequests): RequestHandler {
  return async (req, res, next) => {
    const headers = readHeaders(req);
    const site = await signed.verify({ ...headers, body: req.rawBody ?? Buffer.alloc(0) });
    res.once('finish', () => {
      if (res.statusCode >= 300) signed.release(site.id, headers.id);
    });
    req.site = site;
    next();
  };
}

/** Site authentication of intake: the signature when the request is signed, else the Bearer key. */
export function signedOrBearer(signed: RequestHandler, bearer: RequestHandler): RequestHandler {
  return (req, res, next) => (isSignedRequest(req) ? signed(req, res, next) : bearer(req, res, next));
}
