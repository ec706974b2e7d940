import express, { Router, type Request } from 'express';

declare module 'express-serve-static-core' {
  interface Request {
    /** The body's bytes as received, kept only for signed intake requests (signatures cover bytes, not JSON). */
    rawBody?: Buffer;
  }
}

/** Keeps the bytes only when the request is signed: nothing else needs them. */
function keepRawBodyIfSigned(req: Request, _res: unknown, body: Buffer): void {
  if (req.headers['webhook-signature'] !== undefined) req.rawBody = body;
}

/**
 * JSON parsers of the intake routes that accept signed requests, mounted before the app's general
 * parser (which then skips the already-read body): they keep the raw bytes for signature checks,
 * and the batch route gets its own, larger, size limit.
 */
export function createIntakeBodyParsers(limits: { maxBodyBytes: number; maxBatchBodyBytes: number }): Router {
  const router = Router();
  router.post(
    '/v1/comments/batch',
    express.json({ limit: limits.maxBatchBodyBytes, strict: true, verify: keepRawBodyIfSigned }),
  );
  router.post(
    '/v1/comments',
    express.json({ limit: limits.maxBodyBytes, strict: true, verify: keepRawBodyIfSigned }),
  );
  return router;
}
