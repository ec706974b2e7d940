import { randomUUID } from 'node:crypto';
import express, { type Express } from 'express';
import { pinoHttp } from 'pino-http';
import type { Pool } from 'pg';
import type { Redis } from 'ioredis';
import type { Config } from '../config';
import type { Logger } from '../logger';
import type { Queues } from '../queues';
import { createAuth } from './auth';
import { createErrorHandler, notFoundHandler, requireJsonBody } from './problem';
import { createHealthRouter } from './health-routes';
import { createIntakeRouter } from '../intake/intake-routes';
import { createReviewRouter } from '../review/review-routes';
import { createSiteRouter } from '../sites/site-routes';

export interface AppDeps {
  config: Pick<Config, 'ADMIN_TOKEN' | 'MAX_BODY_BYTES' | 'MAX_CONTENT_CHARS' | 'AUTH_CACHE_MS'>;
  logger: Logger;
  pool: Pool;
  /** The producer connection: used for /readyz. */
  redis: Redis;
  queues: Queues;
}

const REQUEST_ID = /^[A-Za-z0-9._-]{1,100}$/;

/** The api's Express app, without listen, so tests drive it with supertest. */
export function createApp(deps: AppDeps): Express {
  const { config, logger, pool, queues } = deps;
  const auth = createAuth({ pool, adminToken: config.ADMIN_TOKEN, cacheMs: config.AUTH_CACHE_MS });
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');

  app.use(
    pinoHttp({
      logger,
      // Keep a caller's request id when it is sane, so logs join across services.
      genReqId: (req, res) => {
        const incoming = req.headers['x-request-id'];
        const id = typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
        res.setHeader('x-request-id', id);
        return id;
      },
      // Ids and codes only: no bodies, query strings, IPs or headers in the logs.
      serializers: {
        req: (req) => ({ id: req.id, method: req.method, path: req.url?.split('?')[0] }),
        res: (res) => ({ statusCode: res.statusCode }),
      },
      customLogLevel: (_req, res, error) => (error || res.statusCode >= 500 ? 'error' : 'info'),
      autoLogging: { ignore: (req) => req.url === '/healthz' || req.url === '/readyz' },
    }),
  );
  app.use(createHealthRouter({ pool, redis: deps.redis }));
  app.use(requireJsonBody);
  app.use(express.json({ limit: config.MAX_BODY_BYTES, strict: true }));
  app.use(
    createIntakeRouter({
      pool,
      logger,
      auth,
      moderationQueue: queues.moderation,
      maxContentChars: config.MAX_CONTENT_CHARS,
    }),
  );
  app.use(createReviewRouter({ pool, auth }));
  app.use(createSiteRouter({ pool, auth }));
  app.use(notFoundHandler);
  app.use(createErrorHandler(logger));
  return app;
}
