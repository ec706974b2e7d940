import express, { Router, type RequestHandler } from 'express';
import type { Pool } from 'pg';
import type { RedisClient } from '../redis-connection';
import type { ApiConfig } from '../config';
import type { Logger } from '../logger';
import type { Metrics } from '../metrics';
import type { Queues } from '../queues';
import type { Auth } from '../http/auth';
import { createIntakeBodyParsers } from '../http/intake-body';
import { requireJsonBody } from '../http/problem';
import { createRateLimit } from '../http/rate-limit';
import { createSignedAuth } from '../http/signed-auth';
import { rejectUnsafeBody } from '../http/text-guard';
import { createAkismetRouter } from '../akismet/akismet-routes';
import { createAuthorRouter } from '../authors/author-routes';
import { createDeliveryRouter } from '../delivery/delivery-routes';
import { createIntakeRouter } from '../intake/intake-routes';
import { createClaimRouter } from '../review/claim-routes';
import { createDirectoryRouter } from '../review/directory-routes';
import { createReviewRouter } from '../review/review-routes';
import { createAuditRouter } from '../review/audit-routes';
import { createMyDecisionsRouter } from '../review/my-decisions-routes';
import { createAuthorNotesRouter } from '../review/author-notes-routes';
import { createLiveRouter } from '../live/live-routes';
import type { LiveHub } from '../live/live-hub';
import { createSessionRouter } from '../sessions/session-routes';
import { createModeratorRouter } from '../sites/moderator-routes';
import { createSiteRouter } from '../sites/site-routes';
import { createPolicyPreviewRouter } from '../sites/policy-preview-routes';
import { createDashboardRouter } from './dashboard-routes';
import { createHealthRouter } from './health-routes';
import { createMetricsRouter } from './metrics-routes';
import { createOpenApiRouter } from './openapi-routes';
import { createQueueBoardRouter } from './queue-board-routes';
import type { Services } from './services';
import { redisKeyspace } from '../redis-keys';

export type RoutesConfig = Pick<
  ApiConfig,
  | 'MAX_BODY_BYTES'
  | 'MAX_BATCH_BODY_BYTES'
  | 'MAX_CONTENT_CHARS'
  | 'MAX_BATCH'
  | 'REDIS_KEY_PREFIX'
  | 'RATE_LIMIT_PER_MINUTE'
  | 'SESSION_COOKIE_SECURE'
  | 'METRICS_TOKEN'
>;

export interface RouteTableDeps {
  config: RoutesConfig;
  logger: Logger;
  services: Services;
  auth: Auth;
  metrics: Metrics;
  /** For /readyz and the per-site rate limit. */
  pool: Pool;
  redis: RedisClient;
  queues: Queues;
  dashboardDir?: string;
  /** The process's fan-out of live events; without it GET /v1/review/events answers 503 and dashboards poll. */
  live?: LiveHub;
}

/**
 * The api's routes, in the order the app tries them; every router is mounted at the root. The
 * order matters where said: body parsing is chosen per route, and a router that authenticates a
 * path prefix answers 401 before a later router could answer 404.
 */
export function routeTable(deps: RouteTableDeps): RequestHandler[] {
  const { config, services, auth } = deps;
  const intakeRouter = createIntakeRouter({
    auth,
    intake: services.intake,
    signedAuth: createSignedAuth(services.signedRequests),
    rateLimit: createRateLimit({
      redis: deps.redis,
      namespace: redisKeyspace(config.REDIS_KEY_PREFIX).rateLimit,
      perMinute: config.RATE_LIMIT_PER_MINUTE,
      logger: deps.logger,
    }),
    maxContentChars: config.MAX_CONTENT_CHARS,
    maxBatch: config.MAX_BATCH,
  });
  // Before the general parser, which then skips these routes' already-read bodies.
  const intakeParsers = createIntakeBodyParsers({
    maxBodyBytes: config.MAX_BODY_BYTES,
    maxBatchBodyBytes: config.MAX_BATCH_BODY_BYTES,
  });
  return [
    // The hot path first: no router before the intake ones answers these requests.
    intakeFastLane([requireJsonBody, intakeParsers, rejectUnsafeBody, intakeRouter]),
    createHealthRouter({ pool: deps.pool, redis: deps.redis }),
    createMetricsRouter({ registry: deps.metrics.registry, token: config.METRICS_TOKEN }),
    createQueueBoardRouter({ sessions: services.sessions, queues: deps.queues, admin: auth.admin }),
    createDashboardRouter(deps.dashboardDir),
    createOpenApiRouter({ maxContentChars: config.MAX_CONTENT_CHARS, maxBatch: config.MAX_BATCH }),
    // Form-encoded, as Akismet clients send it: before requireJsonBody, which refuses forms.
    createAkismetRouter({
      akismet: services.akismet,
      credentials: services.credentials,
      maxBodyBytes: config.MAX_BODY_BYTES,
      maxContentChars: config.MAX_CONTENT_CHARS,
    }),
    requireJsonBody,
    intakeParsers,
    express.json({ limit: config.MAX_BODY_BYTES, strict: true }),
    rejectUnsafeBody,
    intakeRouter,
    createSessionRouter({ sessions: services.sessions, cookieSecurity: config.SESSION_COOKIE_SECURE }),
    createReviewRouter({ auth, review: services.review }),
    createAuditRouter({ auth, review: services.review, auditExport: services.auditExport }),
    createMyDecisionsRouter({ auth, decisions: services.myDecisions }),
    createAuthorNotesRouter({ auth, review: services.review, notes: services.authorNotes }),
    createLiveRouter({ auth, live: deps.live }),
    createClaimRouter({ auth, review: services.review }),
    createDirectoryRouter({ auth, directory: services.directory }),
    createAuthorRouter({ auth, authors: services.authors, erasure: services.erasure }),
    createDeliveryRouter({ auth, deliveries: services.deliveries }),
    createSiteRouter({ auth, sites: services.sites }),
    createPolicyPreviewRouter({ auth, preview: services.policyPreview }),
    createModeratorRouter({ auth, moderators: services.moderators }),
  ];
}

/** The intake posts, where nearly all of the api's traffic goes. */
const INTAKE_POSTS = new Set(['/v1/comments', '/v1/comments/batch']);

/**
 * Runs `chain` for the intake posts only, at the head of the table, so they skip the routers that
 * never answer them (health, metrics, queue board, dashboard files, docs, Akismet). It sets no
 * Express route of its own, so metrics labels and errors are those of the regular place, where
 * the same handlers still stand for every other request (and would see an already-read body).
 */
function intakeFastLane(chain: RequestHandler[]): RequestHandler {
  const lane = Router();
  lane.use(chain);
  return (req, res, next) => {
    if (req.method === 'POST' && INTAKE_POSTS.has(req.path)) lane(req, res, next);
    else next();
  };
}
