import { randomUUID } from 'node:crypto';
import express, { type Express } from 'express';
import { pinoHttp } from 'pino-http';
import type { Pool } from 'pg';
import type { Redis } from 'ioredis';
import type { Config } from '../config';
import type { Logger } from '../logger';
import type { Queues } from '../queues';
import { createAuth } from '../http/auth';
import { createCredentials } from '../access/credentials';
import { createSignedRequests } from '../access/signed-requests';
import { createErrorHandler, notFoundHandler, requireJsonBody } from '../http/problem';
import { createHealthRouter } from './health-routes';
import { createIntakeRouter } from '../intake/intake-routes';
import { createReviewRouter } from '../review/review-routes';
import { createSiteRouter } from '../sites/site-routes';
import { createDeliveryRouter } from '../delivery/delivery-routes';
import { createCallbackUrlCheck } from '../delivery/delivery-service';
import { createIntakeBodyParsers } from '../http/intake-body';
import { createSignedAuth } from '../http/signed-auth';
import { createRateLimit } from '../http/rate-limit';
import { createOpenApiRouter } from './openapi-routes';
import { createAkismetRouter } from '../akismet/akismet-routes';
import type { VerdictWaiter } from '../intake/verdict-waiter';
import { createRedisCrowdIndex } from '../crowd/redis-crowd-index';
import { createChecks, type NamedCheck } from '../moderation/checks';
import { createSecurityHeaders } from '../http/security-headers';
import { createDashboardRouter } from './dashboard-routes';
import { createSessionAuth } from '../http/session-auth';
import { createSessionRouter } from '../sessions/session-routes';
import { createLoginThrottle } from '../sessions/login-throttle';
import { createClaimStore } from '../review/claims';
import { createClaimRouter } from '../review/claim-routes';
import { createDirectoryRouter } from '../review/directory-routes';
import { createModeratorRouter } from '../sites/moderator-routes';
import { createMetrics, type Metrics } from '../metrics';
import { createRequestMetrics } from '../http/request-metrics';
import { createMetricsRouter } from './metrics-routes';
import { createQueueBoardRouter } from './queue-board-routes';

export interface AppDeps {
  config: Pick<Config, 'ADMIN_TOKEN' | 'MAX_BODY_BYTES' | 'MAX_CONTENT_CHARS' | 'AUTH_CACHE_MS'> &
    Pick<
      Config,
      'QUEUE_PREFIX' | 'MAX_BATCH' | 'MAX_BATCH_BODY_BYTES' | 'KEY_GRACE_SECONDS' | 'RATE_LIMIT_PER_MINUTE'
    > &
    Pick<Config, 'CALLBACK_ALLOW_HOSTS' | 'WEBHOOK_SECRET_GRACE_SECONDS'> &
    Pick<
      Config,
      'SESSION_TTL_SECONDS' | 'SESSION_COOKIE_SECURE' | 'CLAIM_TTL_SECONDS' | 'LOGIN_ATTEMPTS_PER_15_MIN'
    > &
    Pick<Config, 'METRICS_TOKEN'>;
  logger: Logger;
  pool: Pool;
  /** The producer connection: used for /readyz. */
  redis: Redis;
  queues: Queues;
  /** Wakes `Prefer: wait` requests; without it intake answers at once whatever the Prefer header says. */
  verdictWaiter?: VerdictWaiter;
  /** The built dashboard's folder; dist/dashboard by default. */
  dashboardDir?: string;
  /** The process's metrics, shared with its workers in the all-in-one process; a registry of its own if absent. */
  metrics?: Metrics;
}

const REQUEST_ID = /^[A-Za-z0-9._-]{1,100}$/;

/** The api's Express app, without listen, so tests drive it with supertest. */
export function createApp(deps: AppDeps): Express {
  const { config, logger, pool, queues } = deps;
  const credentials = createCredentials({
    pool,
    adminToken: config.ADMIN_TOKEN,
    cacheMs: config.AUTH_CACHE_MS,
  });
  const auth = createAuth({ credentials, sessions: createSessionAuth(pool) });
  const claims = createClaimStore({
    redis: deps.redis,
    prefix: config.QUEUE_PREFIX,
    ttlSeconds: config.CLAIM_TTL_SECONDS,
  });
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  app.use(createSecurityHeaders());
  const metrics = deps.metrics ?? createMetrics();
  metrics.trackQueues([queues.moderation, queues.delivery, queues.maintenance]);
  app.use(createRequestMetrics(metrics));

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
      autoLogging: {
        ignore: (req) => req.url === '/healthz' || req.url === '/readyz' || req.url === '/metrics',
      },
    }),
  );
  app.use(createHealthRouter({ pool, redis: deps.redis }));
  app.use(createMetricsRouter({ registry: metrics.registry, token: config.METRICS_TOKEN }));
  app.use(createQueueBoardRouter({ pool, queues, admin: auth.admin }));
  app.use(createDashboardRouter(deps.dashboardDir));
  app.use(createOpenApiRouter({ maxContentChars: config.MAX_CONTENT_CHARS, maxBatch: config.MAX_BATCH }));
  // Form-encoded, as Akismet clients send it: before requireJsonBody, which refuses forms.
  let checks: NamedCheck[] | undefined;
  app.use(
    createAkismetRouter({
      pool,
      credentials,
      crowd: createRedisCrowdIndex(deps.redis, config.QUEUE_PREFIX),
      // The checks' matchers take a moment to build: only an api that answers comment-check builds them.
      checks: () => (checks ??= createChecks()),
      maxBodyBytes: config.MAX_BODY_BYTES,
      maxContentChars: config.MAX_CONTENT_CHARS,
    }),
  );
  app.use(requireJsonBody);
  // Before the general parser, which then skips these routes' already-read bodies.
  app.use(createIntakeBodyParsers(config));
  app.use(express.json({ limit: config.MAX_BODY_BYTES, strict: true }));
  app.use(
    createIntakeRouter({
      pool,
      logger,
      auth,
      moderationQueue: queues.moderation,
      maxContentChars: config.MAX_CONTENT_CHARS,
      maxBatch: config.MAX_BATCH,
      verdictWaiter: deps.verdictWaiter,
      signedAuth: createSignedAuth(
        createSignedRequests({ pool, redis: deps.redis, prefix: config.QUEUE_PREFIX }),
      ),
      rateLimit: createRateLimit({
        redis: deps.redis,
        prefix: config.QUEUE_PREFIX,
        perMinute: config.RATE_LIMIT_PER_MINUTE,
        logger,
      }),
    }),
  );
  app.use(
    createSessionRouter({
      pool,
      adminToken: config.ADMIN_TOKEN,
      ttlSeconds: config.SESSION_TTL_SECONDS,
      cookieSecurity: config.SESSION_COOKIE_SECURE,
      throttle: createLoginThrottle({
        redis: deps.redis,
        prefix: config.QUEUE_PREFIX,
        attempts: config.LOGIN_ATTEMPTS_PER_15_MIN,
        logger,
      }),
    }),
  );
  app.use(createReviewRouter({ pool, auth, claims }));
  app.use(createClaimRouter({ pool, auth, claims }));
  app.use(createDirectoryRouter({ pool, auth }));
  app.use(
    createDeliveryRouter({
      pool,
      auth,
      deliveryQueue: queues.delivery,
      secretGraceSeconds: config.WEBHOOK_SECRET_GRACE_SECONDS,
    }),
  );
  app.use(
    createSiteRouter({
      pool,
      auth,
      credentials,
      keyGraceSeconds: config.KEY_GRACE_SECONDS,
      checkCallbackUrl: createCallbackUrlCheck({ allowHosts: config.CALLBACK_ALLOW_HOSTS }),
    }),
  );
  app.use(createModeratorRouter({ pool, auth, credentials }));
  app.use(notFoundHandler);
  app.use(createErrorHandler(logger));
  return app;
}
