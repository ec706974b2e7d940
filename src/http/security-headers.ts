import helmet from 'helmet';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RequestHandler } from 'express';

/**
 * helmet's headers on every answer, with a Content-Security-Policy that lets the dashboard run only
 * its own files: no inline script, no eval, nothing from elsewhere, never framed. Behind it, a
 * comment that slipped into the page as HTML still could not run. JSON answers are unaffected;
 * routes with a page of their own (/docs) set their own policy over this one.
 */
export function createSecurityHeaders(): RequestHandler {
  const headers = headersSetBy(
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'"],
          imgSrc: ["'self'", 'data:'],
          connectSrc: ["'self'"],
          fontSrc: ["'self'"],
          objectSrc: ["'none'"],
          baseUri: ["'none'"],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
          // No upgrade-insecure-requests: on plain http (loopback, a private network) it would break the page's own files.
        },
      },
    }),
  );
  return (_req, res, next) => {
    for (const [name, value] of headers) res.setHeader(name, value);
    next();
  };
}

/**
 * The headers a middleware sets, found by running it once on a stand-in response. helmet rebuilds
 * and revalidates every header (the policy's directives one by one) on each request, although with
 * fixed options (no nonce) they never change: intake is the api's hot path, so they are built once.
 */
function headersSetBy(
  middleware: (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => void,
): Array<[string, string]> {
  const headers: Array<[string, string]> = [];
  const res = {
    setHeader: (name: string, value: unknown) => headers.push([name, String(value)]),
    removeHeader: () => undefined,
  };
  let failure: unknown;
  middleware({} as IncomingMessage, res as unknown as ServerResponse, (error) => (failure = error));
  if (failure) throw failure instanceof Error ? failure : new Error(String(failure));
  return headers;
}
