import request from 'supertest';
import { DelayedError } from 'bullmq';
import { Redis } from 'ioredis';
import {
  createTestApp,
  createTestEnv,
  REDIS_URL,
  silentLogger,
  type TestApp,
  type TestEnv,
} from '../helpers/test-env';
import { createSiteViaApi, waitFor } from '../helpers/fixtures';
import { fakeJob } from '../helpers/moderation';
import { bearer } from '../helpers/problems';
import { startWorkers } from '../../src/processes/workers';
import { createFairQueueing, createFairRunning } from '../../src/fairness/fair-share';
import { withSiteCap } from '../../src/fairness/site-cap';
import { redisKeyspace } from '../../src/redis-keys';

/**
 * Fairness between sites on the real Redis and worker: a site's flood waits behind other sites'
 * comments, and a site never runs more than its cap of jobs at once.
 */

const FLOOD = 10_000;

let env: TestEnv;
let t: TestApp;
let redis: Redis;
beforeAll(async () => {
  env = await createTestEnv({
    RATE_LIMIT_PER_MINUTE: '0',
    SITE_FAST_LANE: '100',
    WORKER_CONCURRENCY: '50',
    DATABASE_POOL_MAX: '10',
  });
  t = createTestApp(env);
  await t.ready;
  redis = new Redis(REDIS_URL);
});
afterAll(async () => {
  redis.disconnect();
  await t.close();
  await env.cleanup();
});

const namespace = () => redisKeyspace(env.config.REDIS_KEY_PREFIX).fairness;

describe('the backlog of a site', () => {
  it('queues its first jobs plainly and the rest by their place, counting a job enqueued again once', async () => {
    const fair = createFairQueueing(redis, `${namespace()}-unit`, 2);
    expect(await fair.priorities('site-a', ['a1', 'a2', 'a3'])).toEqual([0, 0, 3]);
    expect(await fair.priorities('site-a', ['a4'])).toEqual([4]);
    expect(await fair.priorities('site-b', ['b1'])).toEqual([0]);
    // The sweeper enqueues a1 again: it keeps its place and the backlog does not grow.
    expect(await fair.priorities('site-a', ['a1', 'a5'])).toEqual([4, 5]);
  });

  it('lets jobs that ended leave it, so the site is back in the plain wait list', async () => {
    const ns = `${namespace()}-leave`;
    const fair = createFairQueueing(redis, ns, 1);
    const running = createFairRunning(redis, ns, { maxInFlight: 0, lockMs: 30_000 });
    expect(await fair.priorities('site-a', ['a1', 'a2'])).toEqual([0, 2]);
    await running.leave('site-a', 'a1', true);
    await running.leave('site-a', 'a2', false); // will run again: still in the backlog
    expect(await fair.priorities('site-a', ['a3'])).toEqual([2]);
  });
});

describe('the cap on jobs in flight', () => {
  it('refuses a slot to a site that runs its cap, and gives one back when a job leaves', async () => {
    const running = createFairRunning(redis, `${namespace()}-cap`, { maxInFlight: 2, lockMs: 30_000 });
    expect(await running.enter('site-a', 'j1')).toBe(true);
    expect(await running.enter('site-a', 'j2')).toBe(true);
    expect(await running.enter('site-a', 'j3')).toBe(false);
    expect(await running.enter('site-b', 'j4')).toBe(true);
    // A job asking again for the slot it holds (a retry of the same job) keeps it.
    expect(await running.enter('site-a', 'j2')).toBe(true);
    await running.leave('site-a', 'j1', true);
    expect(await running.enter('site-a', 'j3')).toBe(true);
  });

  it('when jobs of two sites start and end together, each site admits up to its cap, in order, and frees their slots', async () => {
    const running = createFairRunning(redis, `${namespace()}-together`, { maxInFlight: 2, lockMs: 30_000 });
    const asked = [
      ['site-a', 'a1'],
      ['site-b', 'b1'],
      ['site-a', 'a2'],
      ['site-a', 'a3'],
      ['site-a', 'a1'],
    ] as const;
    expect(await Promise.all(asked.map(([site, job]) => running.enter(site, job)))).toEqual([
      true,
      true,
      true,
      false,
      true,
    ]);
    await Promise.all([running.leave('site-a', 'a1', true), running.leave('site-a', 'a2', false)]);
    expect(await Promise.all([running.enter('site-a', 'a3'), running.enter('site-a', 'a4')])).toEqual([
      true,
      true,
    ]);
    expect(await running.enter('site-a', 'a5')).toBe(false);
  });

  it('sends a job of a site at its cap back to the queue, delayed, without running it', async () => {
    const running = createFairRunning(redis, `${namespace()}-wrap`, { maxInFlight: 1, lockMs: 30_000 });
    let runs = 0;
    const processor = withSiteCap(running, silentLogger, async () => ++runs);
    await running.enter('site-a', 'busy');
    const moveToDelayed = jest.fn(async () => undefined);
    const job = fakeJob({ commentId: 'c', siteId: 'site-a' }, { id: 'waiting', moveToDelayed, opts: {} });
    await expect(processor(job, 'token')).rejects.toBeInstanceOf(DelayedError);
    expect(moveToDelayed).toHaveBeenCalledWith(expect.any(Number), 'token');
    expect(runs).toBe(0);
    await running.leave('site-a', 'busy', true);
    await expect(processor(job, 'token')).resolves.toBe(1);
    // It gave its slot back: another job of the site may run.
    await expect(
      processor(fakeJob({ commentId: 'd', siteId: 'site-a' }, { id: 'next', opts: {} })),
    ).resolves.toBe(2);
  });
});

it(`when a site posts ${FLOOD} comments at once, another site's single comment is moderated before almost all of them`, async () => {
  const flooding = await createSiteViaApi(t.app, { name: 'Flood' });
  const other = await createSiteViaApi(t.app, { name: 'Quiet' });
  for (let from = 0; from < FLOOD; from += 500) {
    const comments = Array.from({ length: 500 }, (_, i) => ({
      id: `f-${from + i}`,
      content: `Flood ${from + i}`,
    }));
    const res = await request(t.app)
      .post('/v1/comments/batch')
      .set('authorization', bearer(flooding.apiKey))
      .send({ comments });
    expect(res.status).toBe(202);
  }
  const single = await request(t.app)
    .post('/v1/comments')
    .set('authorization', bearer(other.apiKey))
    .send({ id: 'quiet-1', content: 'A single thoughtful reply' });
  expect(single.status).toBe(202);

  const stop = await startWorkers(env.config, silentLogger);
  try {
    await waitFor(
      async () =>
        (await env.pool.query(`SELECT status FROM comments WHERE id = $1`, [single.body.id])).rows[0].status,
      (status) => status !== 'queued',
      60_000,
    );
  } finally {
    await stop();
  }
  // The flood's comments decided no later than the single one: its fast lane and what was in
  // flight, not the thousands that arrived before it.
  const { rows } = await env.pool.query<{ before: number; queued: number }>(
    `SELECT count(*) FILTER (WHERE d.created_at <= q.created_at)::int AS before,
            (SELECT count(*) FROM comments WHERE site_id = $1 AND status = 'queued')::int AS queued
       FROM decisions d JOIN comments c ON c.id = d.comment_id,
            (SELECT created_at FROM decisions WHERE comment_id = $2) q
      WHERE c.site_id = $1`,
    [flooding.id, single.body.id],
  );
  expect(rows[0]!.before).toBeLessThan(500);
  expect(rows[0]!.queued).toBeGreaterThan(FLOOD - 2_000);
}, 180_000);
