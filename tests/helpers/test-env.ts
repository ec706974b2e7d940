import { randomBytes } from 'node:crypto';
import type { Express } from 'express';
import { Pool } from 'pg';
import { Redis } from 'ioredis';
import pino from 'pino';
import { loadConfig, type AllInOneConfig } from '../../src/config';
import { migrate } from '../../src/db/migrate';
import { createApp, type AppDeps } from '../../src/api/app';
import type { RedisClient } from '../../src/redis-connection';
import { closeQueues, createQueues, createRedis, type Queues } from '../../src/queues';
import type { Logger } from '../../src/logger';
import { checkedApp } from './openapi-check';

/** The limits the OpenAPI document of an app with this configuration states. */
export const documentLimits = (config: Pick<AllInOneConfig, 'MAX_CONTENT_CHARS' | 'MAX_BATCH'>) => ({
  maxContentChars: config.MAX_CONTENT_CHARS,
  maxBatch: config.MAX_BATCH,
});
import { createLiveHub } from '../../src/live/live-hub';
import { redisKeyspace } from '../../src/redis-keys';

/** Where the machine's PostgreSQL and Redis are; override for other machines. */
export const PG_BASE = process.env.TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
export const ADMIN_TOKEN = 'test-admin-token-0123456789';
/**
 * Connection timeouts for a busy machine (another test run beside this one): the service's own
 * (PostgreSQL 3 s, Redis 2 s) are for failing fast in production, and failed whole suites in
 * beforeAll under load. The test pools themselves wait as long as it takes.
 */
export const PATIENT_CONNECT_ENV = {
  DATABASE_CONNECT_TIMEOUT_MS: '20000',
  REDIS_CONNECT_TIMEOUT_MS: '15000',
};

/** A unique name for this test file's schema and queue prefix. */
export const uniqueName = (kind: string) =>
  `${kind}_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;

/** A connection string whose sessions use `schema` as their search path. */
export function databaseUrlFor(schema: string): string {
  const url = new URL(PG_BASE);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return url.toString();
}

export interface TestEnv {
  /** The api's and the workers' settings: tests run both in process. */
  config: AllInOneConfig;
  pool: Pool;
  /** Environment variables that make a child process use this env's schema and prefix. */
  env: Record<string, string>;
  cleanup(): Promise<void>;
}

/**
 * A fresh PostgreSQL schema (migrated) and Redis prefix (QUEUE_PREFIX, and REDIS_KEY_PREFIX unless
 * overridden, under it) for one test file, so tests never see
 * each other's rows or jobs nor leftovers of earlier runs. cleanup() drops both.
 */
export async function createTestEnv(overrides: Record<string, string> = {}): Promise<TestEnv> {
  const schema = uniqueName('t');
  const admin = new Pool({ connectionString: PG_BASE, max: 1 });
  await admin.query(`CREATE SCHEMA ${schema}`);
  const env = {
    DATABASE_URL: databaseUrlFor(schema),
    REDIS_URL,
    QUEUE_PREFIX: uniqueName('q'),
    ADMIN_TOKEN,
    LOG_LEVEL: 'silent',
    AUTH_CACHE_MS: '0',
    ...PATIENT_CONNECT_ENV,
    ...overrides,
  };
  const config = loadConfig('all-in-one', env);
  const pool = new Pool({ connectionString: config.DATABASE_URL, max: 10 });
  await migrate(pool);
  return {
    config,
    pool,
    env,
    async cleanup() {
      await pool.end();
      await admin.query(`DROP SCHEMA ${schema} CASCADE`);
      await admin.end();
      await deleteKeys(REDIS_URL, `${config.QUEUE_PREFIX}:*`);
      if (config.REDIS_KEY_PREFIX !== config.QUEUE_PREFIX)
        await deleteKeys(REDIS_URL, `${config.REDIS_KEY_PREFIX}:*`);
    },
  };
}

/** Deletes every Redis key matching the pattern (a test's BullMQ prefix). */
export async function deleteKeys(redisUrl: string, pattern: string): Promise<number> {
  const redis = new Redis(redisUrl);
  let deleted = 0;
  try {
    for await (const keys of redis.scanStream({ match: pattern, count: 500 })) {
      if ((keys as string[]).length > 0) deleted += await redis.del(...(keys as string[]));
    }
  } finally {
    redis.disconnect();
  }
  return deleted;
}

export const silentLogger: Logger = pino({ level: 'silent' });

export interface TestApp {
  app: Express;
  queues: Queues;
  redis: RedisClient;
  /**
   * Resolves once the producer connection is open. Its commands fail at once until then (no
   * offline queue, as in production), so a test whose first request needs Redis, such as an
   * Akismet check reading the crowd index, awaits this on a busy machine.
   */
  ready: Promise<void>;
  close(): Promise<void>;
}

/**
 * The api's Express app on the env's pool, with a real producer connection to Redis; `extra` adds
 * deps (metrics, a replica's pool). Every answer it sends is checked against its OpenAPI document (openapi-check.ts).
 */
export function createTestApp(
  testEnv: TestEnv,
  redisUrl = testEnv.config.REDIS_URL,
  extra: Pick<AppDeps, 'metrics' | 'readPool'> = {},
): TestApp {
  // Patient with the machine's Redis; a Redis made unreachable on purpose refuses at once anyway.
  const redis = createRedis(redisUrl, 'producer', testEnv.config.REDIS_CONNECT_TIMEOUT_MS);
  redis.on('error', () => undefined);
  const queues = createQueues(redis, testEnv.config.QUEUE_PREFIX);
  for (const queue of queues.moderation) queue.on('error', () => undefined);
  // As src/processes/api.ts does: one subscriber per app feeds its dashboards' live events.
  const subscriber = createRedis(redisUrl, 'subscriber');
  subscriber.on('error', () => undefined);
  const live = createLiveHub({
    subscriber,
    channel: redisKeyspace(testEnv.config.REDIS_KEY_PREFIX).live,
    logger: silentLogger,
  });
  const app = createApp({
    config: testEnv.config,
    logger: silentLogger,
    pool: testEnv.pool,
    redis,
    queues,
    live,
    ...extra,
  });
  return {
    app: checkedApp(app, documentLimits(testEnv.config)),
    queues,
    redis,
    ready:
      redis.status === 'ready' ? Promise.resolve() : new Promise((resolve) => redis.once('ready', resolve)),
    async close() {
      live.close();
      subscriber.disconnect();
      await closeQueues(queues);
      redis.disconnect();
    },
  };
}
