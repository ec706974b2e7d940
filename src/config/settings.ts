import { z } from 'zod';
import { parseRedisUrl } from '../redis-connection';
import { DEFAULT_SCHEDULE_MS, parseSchedule } from '../delivery/retry-schedule';

/**
 * Every setting of the service, grouped by what needs it; src/config/index.ts builds one schema
 * per process role from these groups, so a process reads, requires and validates only its own.
 */

const int = (fallback: number) => z.coerce.number().int().positive().default(fallback);
const port = (fallback: number) => z.coerce.number().int().min(0).max(65535).default(fallback);
const keyPrefix = z.string().regex(/^[A-Za-z0-9:{}_-]+$/, 'may hold only letters, digits and : { } _ -');

/** PostgreSQL, the system of record: every process that reads or writes rows. */
export const database = {
  /** Secret (may carry a password): the PostgreSQL connection string. */
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).default('postgres://postgres@127.0.0.1:5432/postgres'),
  /** Most connections of the process's pool; by role when unset (src/config/database-pools.ts). */
  DATABASE_POOL_MAX: z.coerce.number().int().positive().optional(),
  /** Longest one SQL statement may run, in ms, 0 for no limit; by role when unset (src/config/database-pools.ts). */
  STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(0).optional(),
  /**
   * How long opening a PostgreSQL connection may take before the request fails (503): short, so
   * intake answers at once when PostgreSQL is down. The tests raise it on a busy machine.
   */
  DATABASE_CONNECT_TIMEOUT_MS: int(3_000),
};

/** A read-only replica: the api's review queue, stats and audit reads. */
export const readReplica = {
  /**
   * Secret (may carry a password): a streaming replica of DATABASE_URL for the review queue, stats
   * and audit reads; unset, they go to DATABASE_URL. Its sessions are read-only either way.
   */
  DATABASE_READ_URL: z.url({ protocol: /^postgres(ql)?$/ }).optional(),
};

/** Redis: the BullMQ queues, and the service's own short-lived keys (src/redis-keys.ts). */
export const redis = {
  /**
   * Secret (may carry a password): the Redis connection string. `redis://host:port` (or `rediss://`)
   * for one server, `redis+cluster://host:port,host:port` for a Redis Cluster,
   * `redis+sentinel://host:port,host:port/master` for a master watched by Sentinel
   * (src/redis-connection.ts).
   */
  REDIS_URL: z
    .string()
    .default('redis://127.0.0.1:6379')
    .superRefine((url, ctx) => {
      try {
        parseRedisUrl(url);
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: (error as Error).message });
      }
    }),
  /**
   * Prefix of BullMQ's keys. On Redis Cluster it must hold a {hash tag} (`{moderation}`), so each
   * queue's keys share a slot; the moderation queues, when several, carry tags of their own.
   */
  QUEUE_PREFIX: keyPrefix.default('moderation'),
  /**
   * How many moderation queues a site's comments are spread over (by a hash of the site), so that
   * on Redis Cluster the moderation load spreads over its masters. Every worker consumes them all.
   */
  MODERATION_QUEUES: z.coerce.number().int().min(1).max(64).default(1),
  /**
   * Prefix of the service's own keys (claims, crowd index, rate limits, sign-in throttle, signed
   * intake replay); QUEUE_PREFIX when unset, where these keys have always been.
   */
  REDIS_KEY_PREFIX: keyPrefix.optional(),
  /**
   * Most comments the near-duplicate index holds in Redis at once (about 5 KB each, 11 KB on a Redis
   * with the default zset-max-listpack-value): past it, the oldest are forgotten before their 6 hours,
   * so Redis's memory stays bounded whatever the traffic.
   */
  CROWD_MAX_COMMENTS: int(50_000),
  /** How long the api's Redis connection may take to open before intake fails fast; the tests raise it. */
  REDIS_CONNECT_TIMEOUT_MS: int(2_000),
};

/** Fairness between sites: how the api and the sweeper queue a site's comments (src/fairness/). */
export const fairness = {
  /**
   * Comments of one site queued or running that take the plain wait list; the site's comments beyond
   * them wait behind other sites', by their place in the site's backlog.
   */
  SITE_FAST_LANE: z.coerce.number().int().min(0).default(100),
};

/** A long-running process: its logs and how it stops. */
export const service = {
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** How long shutdown waits for in-flight requests and jobs. */
  SHUTDOWN_TIMEOUT_MS: int(10_000),
  /**
   * Secret: the bearer token a Prometheus scrape of /metrics must send. Empty (the default) leaves
   * /metrics open, for scrapers on a private network; the numbers carry no comment data.
   */
  METRICS_TOKEN: z
    .string()
    .default('')
    .refine((token) => token === '' || token.length >= 16, 'must be empty or at least 16 characters'),
};

/** Callback URLs: checked when a site sets one (api, admin CLI) and when a callback is sent (workers). */
export const callbacks = {
  /**
   * Hosts and IP addresses a callback URL may reach although they are loopback, private or
   * link-local (comma-separated, e.g. `127.0.0.1,localhost` for local development); none by default.
   */
  CALLBACK_ALLOW_HOSTS: z
    .string()
    .default('')
    .transform((text) =>
      text
        .split(',')
        .map((host) => host.trim())
        .filter((host) => host !== ''),
    ),
};

/** Sites' API keys: rotated by the api; created by the api and the admin CLI. */
export const siteKeys = {
  /** How long a rotated API key keeps working beside the new one; 0 revokes it at once. */
  KEY_GRACE_SECONDS: z.coerce.number().int().min(0).default(86_400),
};

/** The api: HTTP, authentication, intake limits, the dashboard's sessions and claims. */
export const api = {
  PORT: port(3000),
  /** Secret: the operator's bearer token for the admin API. */
  ADMIN_TOKEN: z.string().min(16, 'must be at least 16 characters'),
  /** Largest accepted request body, in bytes. */
  MAX_BODY_BYTES: int(64 * 1024),
  /** Longest accepted comment, in UTF-16 code units (String#length: most emoji count 2). */
  MAX_CONTENT_CHARS: int(20_000),
  /** How long an authenticated key or token is remembered in process before PostgreSQL is asked again. */
  AUTH_CACHE_MS: z.coerce.number().int().min(0).default(5_000),
  /** Most comments one POST /v1/comments/batch may carry. */
  MAX_BATCH: int(500),
  /** Largest accepted body of POST /v1/comments/batch, in bytes (MAX_BODY_BYTES covers the rest). */
  MAX_BATCH_BODY_BYTES: int(8 * 1024 * 1024),
  /** Comments one site may submit per minute (a batch counts each comment); 0 disables the limit. */
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(0).default(600),
  /** How long a rotated webhook secret keeps signing callbacks beside the new one; 0 drops it at once. */
  WEBHOOK_SECRET_GRACE_SECONDS: z.coerce.number().int().min(0).default(86_400),
  /** How long a dashboard session lasts after sign-in; the moderator signs in again after it. */
  SESSION_TTL_SECONDS: int(8 * 3600),
  /**
   * Whether the session cookie is marked Secure: `auto` when the request came over https (directly
   * or through a proxy on loopback), `always` behind a proxy elsewhere that terminates TLS.
   */
  SESSION_COOKIE_SECURE: z.enum(['auto', 'always', 'never']).default('auto'),
  /** How long a moderator's claim on an open review item lasts unless the dashboard renews it. */
  CLAIM_TTL_SECONDS: int(120),
  /** Failed sign-ins one moderator name may have per 15 minutes before sign-in is refused for a while. */
  LOGIN_ATTEMPTS_PER_15_MIN: int(10),
  /** Failed sign-ins one client address (an IPv6 /64) may have per 15 minutes, whatever the names. */
  LOGIN_ATTEMPTS_PER_ADDRESS: int(30),
};

/** The workers: moderation, delivery and the sweeper. */
export const workers = {
  /** Jobs one worker process runs at once. */
  WORKER_CONCURRENCY: int(100),
  /** Moderation jobs of one site running at once, all worker processes together; 0: no cap. */
  SITE_MAX_IN_FLIGHT: z.coerce.number().int().min(0).default(200),
  /** How long a worker's job lock lasts; a killed worker's jobs come back after about this long. */
  WORKER_LOCK_MS: int(30_000),
  /** How often the sweeper looks for comments whose job was lost. */
  SWEEP_EVERY_MS: int(5_000),
  /** How old a still-queued comment must be before the sweeper enqueues it again. */
  SWEEP_AFTER_MS: int(5_000),
  /**
   * Failed attempts at moderating one comment before it is held for review with a
   * `processing_failed` signal instead of being retried again. A run its worker did not survive
   * (killed or crashed mid-job: a stalled job) is one.
   */
  MAX_PROCESSING_ATTEMPTS: int(5),
  /** How often the retention job removes personal data past each site's retentionDays. */
  RETENTION_EVERY_MS: int(3_600_000),
  /** Waits before each retry of a failed callback, in ms, comma-separated; its length is the number of retries. */
  DELIVERY_SCHEDULE_MS: z
    .string()
    .default(DEFAULT_SCHEDULE_MS.join(','))
    .transform((text, ctx) => {
      try {
        return parseSchedule(text);
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: (error as Error).message });
        return z.NEVER;
      }
    }),
  /**
   * How long every attempt to a site's callback may fail (no success in between) before the callback
   * is disabled, with the reason shown on the site; 0 never disables. 5 days by default.
   */
  CALLBACK_DISABLE_AFTER_MS: z.coerce.number().int().min(0).default(432_000_000),
  /** How long one callback attempt may take before it counts as failed. */
  DELIVERY_TIMEOUT_MS: int(15_000),
  /** Callbacks one worker process sends at once. */
  DELIVERY_CONCURRENCY: int(16),
  /**
   * Port of a worker process's own /metrics; 0 (the default) serves none. The all-in-one process
   * needs none: its api's /metrics already includes the workers' metrics.
   */
  WORKER_METRICS_PORT: port(0),
};
