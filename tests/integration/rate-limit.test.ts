import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import type { Express } from 'express';
import pino from 'pino';
import { createApp } from '../../src/api/app';
import {
  createTestApp,
  createTestEnv,
  documentLimits,
  type TestApp,
  type TestEnv,
} from '../helpers/test-env';
import { createSiteViaApi } from '../helpers/fixtures';
import { createTestAppWithoutRedis } from '../helpers/unreachable-redis';
import { bearer, countRows, expectProblem } from '../helpers/problems';
import { checkedApp } from '../helpers/openapi-check';
import { startSlowProxy } from '../helpers/slow-proxy';

/** Three comments per site per minute. */
let env: TestEnv;
let t: TestApp;
beforeAll(async () => {
  env = await createTestEnv({ RATE_LIMIT_PER_MINUTE: '3' });
  t = createTestApp(env);
  await t.ready;
});
afterAll(async () => {
  await t.close();
  await env.cleanup();
});

const post = (key: string, id = `r-${randomUUID()}`, app: Express = t.app) =>
  request(app).post('/v1/comments').set('authorization', bearer(key)).send({ id, content: 'Hello' });
const postBatch = (key: string, n: number) =>
  request(t.app)
    .post('/v1/comments/batch')
    .set('authorization', bearer(key))
    .send({ comments: Array.from({ length: n }, () => ({ id: `rb-${randomUUID()}`, content: 'Hi' })) });
const storedFor = (siteId: string) => countRows(env.pool, 'comments', 'site_id = $1', [siteId]);

describe('intake rate limit per site (RATE_LIMIT_PER_MINUTE=3)', () => {
  it('when a site sends more than its limit, it answers 429 with Retry-After and stores nothing more', async () => {
    const site = await createSiteViaApi(t.app, { name: 'Busy' });
    const accepted = [];
    for (let i = 0; i < 3; i++) accepted.push(await post(site.apiKey));
    expect(accepted.map((res) => res.status)).toEqual([202, 202, 202]);
    expect(accepted.map((res) => res.headers['ratelimit-remaining'])).toEqual(['2', '1', '0']);
    expect(accepted[0]!.headers['ratelimit-limit']).toBe('3');
    expect(accepted[0]!.headers['ratelimit-policy']).toBe('3;w=60');

    const refused = await post(site.apiKey, 'r-over');
    expectProblem(refused, 429, 'rate_limited');
    const retryAfter = Number(refused.headers['retry-after']);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(refused.headers['ratelimit-remaining']).toBe('0');
    expect(Number(refused.headers['ratelimit-reset'])).toBe(retryAfter);
    expect(await storedFor(site.id)).toBe(3);
    expect(await countRows(env.pool, 'comments', 'external_id = $1', ['r-over'])).toBe(0);
  });

  it('when one site is limited, another site is unaffected', async () => {
    const noisy = await createSiteViaApi(t.app, { name: 'Noisy' });
    const quiet = await createSiteViaApi(t.app, { name: 'Quiet' });
    for (let i = 0; i < 3; i++) await post(noisy.apiKey);
    expectProblem(await post(noisy.apiKey), 429, 'rate_limited');
    const res = await post(quiet.apiKey);
    expect(res.status).toBe(202);
    expect(res.headers['ratelimit-remaining']).toBe('2');
  });

  it('when a site sends a batch, it counts as its number of comments', async () => {
    const site = await createSiteViaApi(t.app, { name: 'Batcher' });
    const first = await postBatch(site.apiKey, 2);
    expect(first.status).toBe(202);
    expect(first.headers['ratelimit-remaining']).toBe('1');
    const second = await postBatch(site.apiKey, 2);
    expectProblem(second, 429, 'rate_limited');
    expect(await storedFor(site.id)).toBe(2);
  });

  it('when a batch alone exceeds the limit, it answers 429 without spending the budget', async () => {
    const site = await createSiteViaApi(t.app, { name: 'Importer' });
    const res = await postBatch(site.apiKey, 4);
    expectProblem(res, 429, 'rate_limited');
    expect(res.body.detail).toMatch(/smaller batches/);
    expect(res.headers['retry-after']).toBeUndefined();
    expect(await storedFor(site.id)).toBe(0);
    expect((await post(site.apiKey)).headers['ratelimit-remaining']).toBe('2');
  });

  it('when Redis is unreachable, each process still limits in memory and stores what it accepts', async () => {
    const site = await createSiteViaApi(t.app, { name: 'Outage' });
    const down = createTestAppWithoutRedis(env);
    try {
      const statuses = [];
      for (let i = 0; i < 5; i++) statuses.push((await post(site.apiKey, undefined, down.app)).status);
      expect(statuses).toEqual([202, 202, 202, 429, 429]);
      expect(await storedFor(site.id)).toBe(3);
    } finally {
      await down.close();
    }
  });

  it('when Redis is down, the limiter warns once, not once per request', async () => {
    const site = await createSiteViaApi(t.app, { name: 'Outage log' });
    const lines: string[] = [];
    const logger = pino({ level: 'warn' }, { write: (line: string) => lines.push(line) });
    const down = createTestAppWithoutRedis(env);
    const app = checkedApp(
      createApp({
        config: env.config,
        logger,
        pool: env.pool,
        redis: down.redis,
        queues: down.queues,
      }),
      documentLimits(env.config),
    );
    try {
      for (let i = 0; i < 4; i++) await post(site.apiKey, undefined, app);
      const warnings = lines.map((line) => JSON.parse(line).msg).filter((msg) => /rate limiter/.test(msg));
      expect(warnings).toHaveLength(1);
    } finally {
      await down.close();
    }
  });
});

describe('intake rate limit under concurrent load (RATE_LIMIT_PER_MINUTE=60)', () => {
  let busy: TestEnv;
  let proxy: Awaited<ReturnType<typeof startSlowProxy>>;
  let slow: TestApp;
  let server: Server;
  let base: string;
  beforeAll(async () => {
    busy = await createTestEnv({ RATE_LIMIT_PER_MINUTE: '60' });
    // Every Redis round trip takes 600 ms, longer than any "Redis is down" guess should be.
    const redisUrl = new URL(busy.config.REDIS_URL);
    proxy = await startSlowProxy({ host: redisUrl.hostname, port: Number(redisUrl.port || 6379) }, 600);
    slow = createTestApp(busy, proxy.url);
    // Connected, so the count is Redis's and not the in-memory insurance of an unready connection.
    if (slow.redis.status !== 'ready') await new Promise((resolve) => slow.redis.once('ready', resolve));
    server = slow.app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    await slow.close();
    await proxy.close();
    await busy.cleanup();
  });

  it('when 200 comments arrive at once through a slow Redis, exactly the limit is accepted and stored', async () => {
    const site = await createSiteViaApi(slow.app, { name: 'Flood' });
    const statuses = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        fetch(`${base}/v1/comments`, {
          method: 'POST',
          headers: { authorization: bearer(site.apiKey), 'content-type': 'application/json' },
          body: JSON.stringify({ id: `flood-${i}`, content: 'Hello' }),
        }).then(async (res) => (await res.arrayBuffer(), res.status)),
      ),
    );
    expect(statuses.filter((status) => status === 202)).toHaveLength(60);
    expect(statuses.filter((status) => status === 429)).toHaveLength(140);
    expect(await countRows(busy.pool, 'comments', 'site_id = $1', [site.id])).toBe(60);
  });
});

describe('intake without a rate limit (RATE_LIMIT_PER_MINUTE=0)', () => {
  let off: TestEnv;
  let o: TestApp;
  beforeAll(async () => {
    off = await createTestEnv({ RATE_LIMIT_PER_MINUTE: '0' });
    o = createTestApp(off);
  });
  afterAll(async () => {
    await o.close();
    await off.cleanup();
  });

  it('when the limit is 0, requests are never refused and carry no RateLimit headers', async () => {
    const site = await createSiteViaApi(o.app, { name: 'Unlimited' });
    for (let i = 0; i < 5; i++) {
      const res = await post(site.apiKey, undefined, o.app);
      expect(res.status).toBe(202);
      expect(res.headers['ratelimit-limit']).toBeUndefined();
    }
  });
});
