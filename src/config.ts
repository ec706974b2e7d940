import { z } from 'zod';
import { DEFAULT_SCHEDULE_MS, parseSchedule } from './delivery/retry-schedule';

const int = (fallback: number) => z.coerce.number().int().positive().default(fallback);

/** Every setting of the service, read from the environment once at start. */
const configSchema = z.object({
  /** PostgreSQL connection string: the system of record. */
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).default('postgres://postgres@127.0.0.1:5432/postgres'),
  /** Redis connection string: BullMQ queues and short-lived counters. */
  REDIS_URL: z.url({ protocol: /^rediss?$/ }).default('redis://127.0.0.1:6379'),
  /** Prefix of every BullMQ key; wrap it in {braces} to hash-tag it on Redis Cluster. */
  QUEUE_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9:{}_-]+$/)
    .default('moderation'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** Secret: the operator's bearer token for the admin API. */
  ADMIN_TOKEN: z.string().min(16, 'must be at least 16 characters'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Largest accepted request body, in bytes. */
  MAX_BODY_BYTES: int(64 * 1024),
  /** Longest accepted comment, in characters. */
  MAX_CONTENT_CHARS: int(20_000),
  /** Jobs one worker process runs at once. */
  WORKER_CONCURRENCY: int(100),
  /** How long a worker's job lock lasts; a killed worker's jobs come back after about this long. */
  WORKER_LOCK_MS: int(30_000),
  /** How often the sweeper looks for comments whose job was lost. */
  SWEEP_EVERY_MS: int(5_000),
  /** How old a still-queued comment must be before the sweeper enqueues it again. */
  SWEEP_AFTER_MS: int(5_000),
  /** How long shutdown waits for in-flight requests and jobs. */
  SHUTDOWN_TIMEOUT_MS: int(10_000),
  /** How long an authenticated key or token is remembered in process before PostgreSQL is asked again. */
  AUTH_CACHE_MS: z.coerce.number().int().min(0).default(5_000),
  /** Most comments one POST /v1/comments/batch may carry. */
  MAX_BATCH: int(500),
  /** Largest accepted body of POST /v1/comments/batch, in bytes (MAX_BODY_BYTES covers the rest). */
  MAX_BATCH_BODY_BYTES: int(8 * 1024 * 1024),
  /** How long a rotated API key keeps working beside the new one; 0 revokes it at once. */
  KEY_GRACE_SECONDS: z.coerce.number().int().min(0).default(86_400),
  /** Comments one site may submit per minute (a batch counts each comment); 0 disables the limit. */
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(0).default(600),
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
  /** How long one callback attempt may take before it counts as failed. */
  DELIVERY_TIMEOUT_MS: int(15_000),
  /** Callbacks one worker process sends at once. */
  DELIVERY_CONCURRENCY: int(16),
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
  /**
   * Secret: the bearer token a Prometheus scrape of /metrics must send. Empty (the default) leaves
   * /metrics open, for scrapers on a private network; the numbers carry no comment data.
   */
  METRICS_TOKEN: z
    .string()
    .default('')
    .refine((token) => token === '' || token.length >= 16, 'must be empty or at least 16 characters'),
  /**
   * Port of a worker process's own /metrics; 0 (the default) serves none. The all-in-one process
   * needs none: its api's /metrics already includes the workers' metrics.
   */
  WORKER_METRICS_PORT: z.coerce.number().int().min(0).max(65535).default(0),
});

export type Config = z.infer<typeof configSchema>;

/** Thrown when the environment holds bad settings; lists every bad key at once. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Parses the environment; throws one ConfigError naming every bad key. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = configSchema.safeParse(env);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
  throw new ConfigError(`invalid configuration: ${problems.join('; ')}`);
}
