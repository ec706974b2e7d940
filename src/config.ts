import { z } from 'zod';

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
  WORKER_CONCURRENCY: int(16),
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
