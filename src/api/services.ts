import { createFairQueueing } from '../fairness/fair-share';
import type { Pool } from 'pg';
import type { RedisClient } from '../redis-connection';
import type { ApiConfig } from '../config';
import type { Logger } from '../logger';
import type { Queues } from '../queues';
import { createCredentials } from '../access/credentials';
import { createCredentialChanges, type CredentialChanges } from '../access/credential-changes';
import { createSignedRequests } from '../access/signed-requests';
import { createAkismetService } from '../akismet/akismet-service';
import { createAuthorActionsService } from '../authors/author-actions-service';
import { createErasureService } from '../privacy/erasure-service';
import { createRedisCrowdIndex } from '../crowd/redis-crowd-index';
import { createCallbackUrlCheck } from '../delivery/callback-url-check';
import { createDeliveryService } from '../delivery/delivery-service';
import { createIntakeService } from '../intake/intake-service';
import type { VerdictWaiter } from '../intake/verdict-waiter';
import { createChecks, type NamedCheck } from '../moderation/checks';
import { createClaimStore } from '../review/claims';
import { createDirectoryService } from '../review/directory-service';
import { createReviewService } from '../review/review-service';
import { createMyDecisionsService } from '../review/my-decisions-service';
import { createAuthorNotesService } from '../review/author-notes-service';
import { createAuditExport } from '../review/audit-export';
import { createLivePublisher } from '../live/live-events';
import { createLoginThrottle } from '../sessions/login-throttle';
import { createSessionsService } from '../sessions/sessions-service';
import { createModeratorsService } from '../sites/moderators-service';
import { createSitesService } from '../sites/sites-service';
import { redisKeyspace } from '../redis-keys';
import { loadTextModels } from '../model-files';
import { createPolicyPreview } from '../sites/policy-preview';

export type ServicesConfig = Pick<
  ApiConfig,
  | 'ADMIN_TOKEN'
  | 'AUTH_CACHE_MS'
  | 'REDIS_KEY_PREFIX'
  | 'CROWD_MAX_COMMENTS'
  | 'KEY_GRACE_SECONDS'
  | 'CALLBACK_ALLOW_HOSTS'
  | 'WEBHOOK_SECRET_GRACE_SECONDS'
  | 'SESSION_TTL_SECONDS'
  | 'CLAIM_TTL_SECONDS'
  | 'LOGIN_ATTEMPTS_PER_15_MIN'
  | 'LOGIN_ATTEMPTS_PER_ADDRESS'
  | 'SITE_FAST_LANE'
>;

export interface ServicesDeps {
  config: ServicesConfig;
  logger: Logger;
  pool: Pool;
  /** The review queue, stats and audit reads: a replica's pool, or `pool` when absent. */
  readPool?: Pool;
  /** The producer connection: claims, the crowd index, sign-in throttling, replay checks and live events use it. */
  redis: RedisClient;
  queues: Queues;
  verdictWaiter?: VerdictWaiter;
  /** Hears other api processes' credential changes; without it this app only announces its own. */
  credentialChanges?: CredentialChanges;
}

/** The api's use cases, built once from the process's connections: what the routes are given. */
export function createServices({
  config,
  logger,
  pool,
  readPool = pool,
  redis,
  queues,
  verdictWaiter,
  credentialChanges,
}: ServicesDeps) {
  const keys = redisKeyspace(config.REDIS_KEY_PREFIX);
  const credentials = createCredentials({
    pool,
    adminToken: config.ADMIN_TOKEN,
    cacheMs: config.AUTH_CACHE_MS,
  });
  const changes =
    credentialChanges ??
    createCredentialChanges({ publisher: redis, channel: keys.credentialChanges, logger });
  changes.onChange(credentials.forget);
  // Keys and tokens are cached briefly: a rotation, or a new role or site list, must apply now, here
  // and in every other api process.
  const forgetCredentials = () => {
    credentials.forget();
    changes.announce();
  };
  // The checks' matchers take a moment to build: only an api that answers comment-check or a policy
  // preview builds them, once.
  let checks: NamedCheck[] | undefined;
  const live = createLivePublisher({ redis, channel: keys.live, logger });
  const lazyChecks = () => (checks ??= createChecks({ models: loadTextModels() }));
  const crowd = createRedisCrowdIndex(redis, keys.crowd, { maxComments: config.CROWD_MAX_COMMENTS });
  return {
    credentials,
    signedRequests: createSignedRequests({ pool, redis, namespace: keys.signedIntake }),
    sessions: createSessionsService({
      pool,
      adminToken: config.ADMIN_TOKEN,
      ttlSeconds: config.SESSION_TTL_SECONDS,
      throttle: createLoginThrottle({
        redis,
        namespace: keys.loginFailures,
        attemptsPerName: config.LOGIN_ATTEMPTS_PER_15_MIN,
        attemptsPerAddress: config.LOGIN_ATTEMPTS_PER_ADDRESS,
      }),
    }),
    intake: createIntakeService({
      pool,
      logger,
      moderationQueues: queues.moderation,
      fairQueueing: createFairQueueing(redis, keys.fairness, config.SITE_FAST_LANE),
      verdictWaiter,
      live,
    }),
    review: createReviewService({
      pool,
      readPool,
      claims: createClaimStore({ redis, namespace: keys.claims, ttlSeconds: config.CLAIM_TTL_SECONDS }),
      live,
    }),
    myDecisions: createMyDecisionsService({ pool, live }),
    authorNotes: createAuthorNotesService({ pool }),
    auditExport: createAuditExport({ pool: readPool }),
    directory: createDirectoryService({ pool }),
    authors: createAuthorActionsService({ pool }),
    erasure: createErasureService({ pool, redis, keys }),
    sites: createSitesService({
      pool,
      checkCallbackUrl: createCallbackUrlCheck({ allowHosts: config.CALLBACK_ALLOW_HOSTS }),
      keyGraceSeconds: config.KEY_GRACE_SECONDS,
      forgetCredentials,
    }),
    moderators: createModeratorsService({ pool, forgetCredentials }),
    deliveries: createDeliveryService({
      pool,
      deliveryQueue: queues.delivery,
      secretGraceSeconds: config.WEBHOOK_SECRET_GRACE_SECONDS,
    }),
    akismet: createAkismetService({ pool, crowd, checks: lazyChecks, live }),
    policyPreview: createPolicyPreview({ pool, crowd, checks: lazyChecks }),
  };
}

export type Services = ReturnType<typeof createServices>;
