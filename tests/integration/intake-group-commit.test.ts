import request from 'supertest';
import type { Pool } from 'pg';
import { createApp } from '../../src/api/app';
import { createTestApp, createTestEnv, silentLogger, type TestApp, type TestEnv } from '../helpers/test-env';
import { createSiteViaApi } from '../helpers/fixtures';
import { bearer, countRows, expectProblem } from '../helpers/problems';

let env: TestEnv;
let t: TestApp;
let site: Awaited<ReturnType<typeof createSiteViaApi>>;
beforeAll(async () => {
  env = await createTestEnv();
  t = createTestApp(env);
  await t.ready;
  site = await createSiteViaApi(t.app);
});
afterAll(async () => {
  await t.close();
  await env.cleanup();
});

type Query = (...args: unknown[]) => Promise<unknown>;

/** The test pool, with intake's INSERTs into comments passed through `insert` (to slow or fail them). */
function poolWithInserts(insert: (run: () => Promise<unknown>) => Promise<unknown>): {
  pool: Pool;
  inserts: () => number;
} {
  let inserts = 0;
  const pool = new Proxy(env.pool, {
    get(target, prop) {
      if (prop === 'query') {
        return (...args: unknown[]) => {
          const run = () => (target.query as Query).apply(target, args);
          if (typeof args[0] !== 'string' || !/^\s*INSERT INTO comments\b/.test(args[0])) return run();
          inserts++;
          return insert(run);
        };
      }
      const value: unknown = Reflect.get(target, prop, target);
      return typeof value === 'function' ? (value as Query).bind(target) : value;
    },
  });
  return { pool, inserts: () => inserts };
}

const appOn = (pool: Pool) =>
  createApp({ config: env.config, logger: silentLogger, pool, redis: t.redis, queues: t.queues });
const postAll = (app: ReturnType<typeof appOn>, ids: string[]) =>
  Promise.all(
    ids.map((id) =>
      request(app)
        .post('/v1/comments')
        .set('authorization', bearer(site.apiKey))
        .send({ id, content: `Text of ${id}` }),
    ),
  );
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('intake group commit', () => {
  it('when many comments arrive at once, they share INSERTs, and every 202 has its own committed row and job', async () => {
    // A slow INSERT lets the requests that arrive meanwhile gather into the next one.
    const { pool, inserts } = poolWithInserts(async (run) => (await sleep(150), run()));
    const ids = Array.from({ length: 30 }, (_, i) => `gc-ok-${i}`);
    const answers = await postAll(appOn(pool), ids);

    expect(answers.map((res) => res.status)).toEqual(ids.map(() => 202));
    expect(new Set(answers.map((res) => res.body.id)).size).toBe(ids.length);
    expect(inserts()).toBeLessThan(ids.length);
    const { rows } = await env.pool.query<{ id: string; external_id: string; content: string }>(
      'SELECT id, external_id, content FROM comments WHERE external_id = ANY($1)',
      [ids],
    );
    expect(rows.map((row) => row.external_id).sort()).toEqual([...ids].sort());
    for (const res of answers) {
      const row = rows.find((r) => r.id === res.body.id);
      expect(row?.content).toBe(`Text of ${res.body.externalId}`);
      expect(await t.queues.moderation[0]!.getJob(res.body.id)).toBeDefined();
    }
  });

  it('when a shared INSERT fails for want of the database, every request in it answers 503 and none 202', async () => {
    const { pool, inserts } = poolWithInserts(async () => {
      await sleep(150);
      throw new Error('Connection terminated unexpectedly');
    });
    const ids = Array.from({ length: 20 }, (_, i) => `gc-down-${i}`);
    const answers = await postAll(appOn(pool), ids);

    for (const res of answers) expectProblem(res, 503, 'service_unavailable');
    expect(inserts()).toBeLessThan(ids.length);
    expect(await countRows(env.pool, 'comments', 'external_id = ANY($1)', [ids])).toBe(0);
  });
});
