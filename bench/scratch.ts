import { randomBytes } from 'node:crypto';
import { Pool } from 'pg';
import { Redis } from 'ioredis';
import { migrate } from '../src/db/migrate';
import { createSitesService } from '../src/sites/sites-service';
import { createCallbackUrlCheck } from '../src/delivery/callback-url-check';

/** Where PostgreSQL and Redis are; the bench only ever talks to these. */
export const PG_BASE = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
export const ADMIN_TOKEN = `bench-admin-${randomBytes(12).toString('hex')}`;

/** One tag per run: every schema and Redis prefix of the run starts with it, so cleanup finds them all. */
export const RUN_TAG = `bench_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;

const schemas = new Set<string>();
const prefixes = new Set<string>();
const pools = new Set<Pool>();

/** A fresh BullMQ prefix under the run's tag, deleted by cleanupScratch(). */
export function scratchPrefix(label: string): string {
  const prefix = `${RUN_TAG}_${label}`;
  prefixes.add(prefix);
  return prefix;
}

/** A connection string whose sessions use `schema` as their search path (as the tests do). */
function databaseUrlFor(schema: string): string {
  const url = new URL(PG_BASE);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return url.toString();
}

/** A migrated scratch schema with one site, and the environment a service process needs to use it. */
export interface Scratch {
  schema: string;
  pool: Pool;
  apiKey: string;
  siteId: string;
  prefix: string;
  /** Environment for `node dist/src/processes/api.js` or `node dist/src/processes/workers.js`. */
  serviceEnv(extra?: Record<string, string>): Record<string, string>;
}

export async function createScratch(label: string): Promise<Scratch> {
  const schema = `${RUN_TAG}_${label}`;
  schemas.add(schema);
  const admin = new Pool({ connectionString: PG_BASE, max: 1 });
  try {
    await admin.query(`CREATE SCHEMA ${schema}`);
  } finally {
    await admin.end();
  }
  const databaseUrl = databaseUrlFor(schema);
  const pool = new Pool({ connectionString: databaseUrl, max: 16 });
  pools.add(pool);
  await migrate(pool);
  // No callback URL to check, and the bench never rotates a key.
  const sites = createSitesService({
    pool,
    checkCallbackUrl: createCallbackUrlCheck({ allowHosts: [] }),
    keyGraceSeconds: 0,
  });
  const site = await sites.create({ name: `bench ${label}` });
  const prefix = scratchPrefix(label);
  return {
    schema,
    pool,
    apiKey: site.apiKey,
    siteId: site.id,
    prefix,
    serviceEnv: (extra = {}) => ({
      DATABASE_URL: databaseUrl,
      REDIS_URL,
      QUEUE_PREFIX: prefix,
      ADMIN_TOKEN,
      LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'warn',
      SHUTDOWN_TIMEOUT_MS: '4000',
      // One site sends everything here; the per-site limit stays on (its Redis round trip is part of
      // intake) but so high that it never refuses, or the bench would measure 429s.
      RATE_LIMIT_PER_MINUTE: '1000000000',
      ...extra,
    }),
  };
}

/** Drops every schema and Redis key the run created; safe to call twice and after a failure. */
export async function cleanupScratch(): Promise<{ schemas: number; keys: number }> {
  await Promise.all([...pools].map((pool) => pool.end().catch(() => undefined)));
  pools.clear();
  const dropped = schemas.size;
  if (schemas.size > 0) {
    const admin = new Pool({ connectionString: PG_BASE, max: 1 });
    try {
      for (const schema of schemas) await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      schemas.clear();
    } finally {
      await admin.end();
    }
  }
  let keys = 0;
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
  try {
    for (const prefix of prefixes) {
      for await (const batch of redis.scanStream({ match: `${prefix}:*`, count: 1000 })) {
        const found = batch as string[];
        if (found.length > 0) keys += await redis.del(...found);
      }
    }
    prefixes.clear();
  } finally {
    redis.disconnect();
  }
  return { schemas: dropped, keys };
}
