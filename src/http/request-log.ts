import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { RequestHandler } from 'express';
import type { Logger } from '../logger';

declare module 'http' {
  interface IncomingMessage {
    /** The request's id: the caller's x-request-id when sane, else a fresh one; echoed in the answer. */
    id: string;
    /** A child of the process's logger that names the request (id, method, path). */
    log: Logger;
  }
}

const REQUEST_ID = /^[A-Za-z0-9._-]{1,100}$/;

/** Answers that are not logged: probes and scrapes, many a minute and all alike. */
const UNLOGGED = new Set(['/healthz', '/readyz', '/metrics']);

/**
 * One log line per answered request, as pino-http wrote it (`req` {id, method, path}, `res`
 * {statusCode}, `responseTime`; `error` level from 500 on), with only ids and codes: no bodies,
 * query strings, IPs or headers. It does what pino-http did for us and no more: one child logger
 * (assigned, never defined as a lazy property: that would turn every request object into a slow
 * dictionary-mode object), two listeners, and the line only when its level is on.
 */
export function createRequestLog(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const started = Date.now();
    const incoming = req.headers['x-request-id'];
    const id = typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    res.setHeader('x-request-id', id);
    req.id = id;
    req.log = logger.child({ req: described(req) });
    if (!UNLOGGED.has(req.url)) {
      const done = () => {
        res.removeListener('finish', done);
        res.removeListener('close', done);
        const level = res.statusCode >= 500 ? 'error' : 'info';
        if (!logger.isLevelEnabled(level)) return;
        const message =
          level === 'error' ? 'request errored' : res.writableEnded ? 'request completed' : 'request aborted';
        req.log[level]({ res: { statusCode: res.statusCode }, responseTime: Date.now() - started }, message);
      };
      res.on('finish', done);
      res.on('close', done);
    }
    next();
  };
}

/** The request as logs name it; the path from the original URL, which routers do not rewrite. */
function described(req: IncomingMessage & { originalUrl?: string }) {
  return { id: req.id, method: req.method, path: (req.originalUrl ?? req.url)?.split('?')[0] };
}
