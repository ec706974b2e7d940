import helmet from 'helmet';
import type { RequestHandler } from 'express';

/**
 * helmet's headers on every answer, with a Content-Security-Policy that lets the dashboard run only
 * its own files: no inline script, no eval, nothing from elsewhere, never framed. Behind it, a
 * comment that slipped into the page as HTML still could not run. JSON answers are unaffected;
 * routes with a page of their own (/docs) set their own policy over this one.
 */
export function createSecurityHeaders(): RequestHandler {
  return helmet({
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
  });
}
