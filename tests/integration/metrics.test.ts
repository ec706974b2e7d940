import { once } from 'node:events';
import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { createMetrics, type Metrics } from '../../src/metrics';
import { createMemoryCrowdIndex } from '../../src/crowd/memory-crowd-index';
import { startWorkers } from '../../src/processes/workers';
import { createModerationProcessor } from '../../workers/moderation.processor';
import { createTestApp, createTestEnv, silentLogger, type TestApp, type TestEnv } from '../helpers/test-env';
import { createSiteViaApi, waitFor } from '../helpers/fixtures';
import { fakeJob } from '../helpers/moderation';
import { bearer, countRows, expectProblem } from '../helpers/problems';
import { createTestAppWithoutRedis } from '../helpers/unreachable-redis';
import { startWebhookReceiver, type WebhookReceiver } from '../helpers/webhook-receiver';
import { parseSamples, samplesOf, valueOf } from '../helpers/prometheus';

const CLEAN = 'Thank you for the careful reporting on the harbour project.';
const PROFANE = 'This is fucking ridiculous';
const METRICS_TOKEN = 'metrics-token-0123456789';

/**
 * /metrics of the api and of the workers, against the real Redis and PostgreSQL: the api and the real
 * workers share one registry, as in the all-in-one process.
 */
describe('GET /metrics with the api and the workers in one process', () => {
  let env: TestEnv;
  let metrics: Metrics;
  let t: TestApp;
  let receiver: WebhookReceiver;
  let plain: Awaited<ReturnType<typeof createSiteViaApi>>;
  let hooked: Awaited<ReturnType<typeof createSiteViaApi>>;
  let stopWorkers: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    env = await createTestEnv({ CALLBACK_ALLOW_HOSTS: '127.0.0.1', DELIVERY_SCHEDULE_MS: '200' });
    metrics = createMetrics();
    t = createTestApp(env, undefined, { metrics });
    receiver = await startWebhookReceiver();
    plain = await createSiteViaApi(t.app, { name: 'Plain Post' });
    hooked = await createSiteViaApi(t.app, { name: 'Hooked Herald', callbackUrl: receiver.url });
  });
  afterAll(async () => {
    await stopWorkers?.();
    await receiver.close();
    await t.close();
    await env.cleanup();
  });

  /** The real workers, on this env and registry, started by the first test that needs them. */
  const ensureWorkers = async () => {
    stopWorkers ??= await startWorkers(env.config, silentLogger, { metrics });
  };
  const scrape = async () => {
    const res = await request(t.app).get('/metrics');
    expect(res.status).toBe(200);
    return res.text;
  };
  const post = (body: Record<string, unknown>, apiKey: string | null = plain.apiKey) => {
    const req = request(t.app).post('/v1/comments');
    return (apiKey ? req.set('authorization', bearer(apiKey)) : req).send(body);
  };
  const requests = (text: string, method: string, route: string, status: number) =>
    valueOf(text, 'http_requests_total', { method, route, status: String(status) });

  it('counts intake requests by route pattern and status, never by raw path', async () => {
    expect((await post({ id: 'm-1', content: CLEAN })).status).toBe(202);
    expect((await post({ id: 'm-2', content: CLEAN })).status).toBe(202);
    expect((await post({ id: 'm-3', content: PROFANE })).status).toBe(202);
    expect((await post({ id: 'm-1', content: CLEAN })).status).toBe(200);
    expect((await post({ id: 'm-bad' })).status).toBe(400);
    expect((await post({ id: 'm-anon', content: CLEAN }, null)).status).toBe(401);
    expect(
      (await request(t.app).get('/v1/comments/m-1').set('authorization', bearer(plain.apiKey))).status,
    ).toBe(200);
    expect((await request(t.app).get('/v1/comments/m-1')).status).toBe(401);
    expect((await request(t.app).get('/no/such/page-4711')).status).toBe(404);

    const text = await scrape();
    expect(requests(text, 'POST', '/v1/comments', 202)).toBe(3);
    expect(requests(text, 'POST', '/v1/comments', 200)).toBe(1);
    expect(requests(text, 'POST', '/v1/comments', 400)).toBe(1);
    // Refused by the router-level authentication, before a route matched: the route's prefix.
    expect(requests(text, 'POST', '/v1/comments', 401)).toBe(1);
    expect(requests(text, 'GET', '/v1/comments/:externalId', 200)).toBe(1);
    expect(requests(text, 'GET', '/v1/comments/*', 401)).toBe(1);
    expect(requests(text, 'GET', 'unmatched', 404)).toBe(1);
    const routes = samplesOf(text, 'http_requests_total').map((sample) => sample.labels.route);
    expect(routes.filter((route) => /m-1|page-4711/.test(route ?? ''))).toEqual([]);
    expect(valueOf(text, 'http_request_duration_seconds_count', { route: '/v1/comments' })).toBe(6);
    // Node's own metrics, on the same registry.
    expect(valueOf(text, 'process_cpu_user_seconds_total')).toBeGreaterThan(0);
    expect(valueOf(text, 'nodejs_heap_size_used_bytes')).toBeGreaterThan(0);
  });

  it('while no worker runs, the queue gauges show the waiting jobs read from Redis', async () => {
    const before = await t.queues.moderation[0]!.getWaitingCount();
    for (const id of ['g-1', 'g-2']) expect((await post({ id, content: CLEAN })).status).toBe(202);
    const text = await scrape();
    expect(valueOf(text, 'queue_jobs', { queue: 'moderation', state: 'waiting' })).toBe(before + 2);
    expect(valueOf(text, 'queue_jobs', { queue: 'moderation', state: 'active' })).toBe(0);
    expect(valueOf(text, 'queue_jobs', { queue: 'delivery', state: 'waiting' })).toBe(0);
    expect(valueOf(text, 'queue_counts_up', { queue: 'moderation' })).toBe(1);
    expect(valueOf(text, 'queue_counts_up', { queue: 'delivery' })).toBe(1);
    expect(await t.queues.moderation[0]!.getWaitingCount()).toBe(before + 2);
  });

  it('a check that throws is counted as a check failure, and its comment is held for review', async () => {
    // Stored while Redis is "down", so no job exists and only this processor decides the comment.
    const down = createTestAppWithoutRedis(env);
    let commentId: string;
    try {
      const res = await request(down.app)
        .post('/v1/comments')
        .set('authorization', bearer(plain.apiKey))
        .send({ id: 'm-broken', content: CLEAN });
      expect(res.status).toBe(202);
      commentId = res.body.id;
    } finally {
      await down.close();
    }
    const processor = createModerationProcessor({
      pool: env.pool,
      checks: [
        {
          name: 'spam_rules',
          run: () => {
            throw new Error('rules failed to load');
          },
        },
      ],
      crowd: createMemoryCrowdIndex(),
      logger: silentLogger,
      metrics: metrics.moderation,
    });
    const result = await processor(fakeJob({ commentId }, { id: commentId }));
    expect(result.action).toBe('review');

    const text = await scrape();
    expect(valueOf(text, 'moderation_check_failures_total', { check: 'spam_rules' })).toBe(1);
    expect(valueOf(text, 'moderation_signals_total', { check: 'spam_rules', code: 'check_failed' })).toBe(1);
    expect(valueOf(text, 'moderation_verdicts_total', { action: 'review' })).toBe(1);
  });

  it('the real worker in process reports verdicts, signals and timings to the same registry', async () => {
    for (const [id, content] of [
      ['w-clean', CLEAN],
      ['w-profane', PROFANE],
    ]) {
      expect((await post({ id, content })).status).toBe(202);
    }
    // With the jobs of the tests before, when they ran: the registry counts whatever this env did.
    const queued = await t.queues.moderation[0]!.getWaitingCount();
    await ensureWorkers();
    const text = await waitFor(
      scrape,
      (scraped) =>
        (valueOf(scraped, 'queue_job_duration_seconds_count', {
          queue: 'moderation',
          outcome: 'completed',
        }) ?? 0) >= queued,
    );

    // What the metrics say matches what PostgreSQL stored, verdict by verdict and signal by signal.
    const { rows } = await env.pool.query<{
      action: string;
      signals: Array<{ check: string; code: string }>;
    }>('SELECT action, signals FROM comments WHERE site_id = $1 AND action IS NOT NULL', [plain.id]);
    expect(await countRows(env.pool, 'comments', "status = 'queued'")).toBe(0);
    const verdicts: Record<string, number> = {};
    const signals: Record<string, number> = {};
    for (const row of rows) {
      verdicts[row.action] = (verdicts[row.action] ?? 0) + 1;
      for (const s of row.signals)
        signals[`${s.check}/${s.code}`] = (signals[`${s.check}/${s.code}`] ?? 0) + 1;
    }
    const reported = (name: string, key: (labels: Record<string, string>) => string) =>
      Object.fromEntries(samplesOf(text, name).map((sample) => [key(sample.labels), sample.value]));
    expect(reported('moderation_verdicts_total', (labels) => labels.action!)).toEqual(verdicts);
    expect(reported('moderation_signals_total', (labels) => `${labels.check}/${labels.code}`)).toEqual(
      signals,
    );
    expect(signals['profanity/profanity']).toBeGreaterThanOrEqual(1);
    expect(verdicts.approve).toBeGreaterThanOrEqual(1);

    // One observation per moderated comment, by the worker or by a processor called directly.
    expect(valueOf(text, 'moderation_checks_duration_seconds_count')).toBe(rows.length);
    expect(valueOf(text, 'moderation_checks_duration_seconds_bucket', { le: '+Inf' })).toBe(rows.length);
    expect(valueOf(text, 'moderation_checks_duration_seconds_sum')).toBeGreaterThan(0);
    expect(
      valueOf(text, 'queue_job_duration_seconds_count', { queue: 'moderation', outcome: 'completed' }),
    ).toBe(queued);
    expect(valueOf(text, 'queue_jobs', { queue: 'moderation', state: 'waiting' })).toBe(0);
    expect(valueOf(text, 'moderation_check_failures_total', { check: 'spam_rules' }) ?? 0).toBe(
      signals['spam_rules/check_failed'] ?? 0,
    );
  });

  it('callback attempts are counted by outcome: a 500 is a retry, the next 200 delivers', async () => {
    await ensureWorkers();
    receiver.answer = (index) => ({ status: index === 0 ? 500 : 200 });
    expect((await post({ id: 'm-hooked', content: CLEAN }, hooked.apiKey)).status).toBe(202);
    await receiver.waitForCount(2);
    const text = await waitFor(
      scrape,
      (scraped) => valueOf(scraped, 'delivery_attempts_total', { outcome: 'delivered' }) === 1,
    );
    expect(valueOf(text, 'delivery_attempts_total', { outcome: 'retry' })).toBe(1);
    expect(valueOf(text, 'delivery_attempts_total', { outcome: 'failed' })).toBeUndefined();
    // The first attempt's job moved itself to delayed; the second completed.
    expect(valueOf(text, 'queue_job_duration_seconds_count', { queue: 'delivery', outcome: 'delayed' })).toBe(
      1,
    );
    await waitFor(
      scrape,
      (scraped) =>
        valueOf(scraped, 'queue_job_duration_seconds_count', { queue: 'delivery', outcome: 'completed' }) ===
        1,
    );
  });

  it('when METRICS_TOKEN is set, a scrape must send it as a bearer token', async () => {
    const guarded = createTestApp({ ...env, config: { ...env.config, METRICS_TOKEN } }, undefined, {
      metrics: createMetrics({ defaultMetrics: false }),
    });
    try {
      expectProblem(await request(guarded.app).get('/metrics'), 401, 'unauthorized');
      expectProblem(
        await request(guarded.app).get('/metrics').set('authorization', bearer('metrics-token-wrong-0000')),
        401,
        'unauthorized',
      );
      // The producer connection fails fast until it is ready, and this app was made a moment ago.
      if (guarded.redis.status !== 'ready') await once(guarded.redis, 'ready');
      const res = await request(guarded.app).get('/metrics').set('authorization', bearer(METRICS_TOKEN));
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
      expect(valueOf(res.text, 'queue_counts_up', { queue: 'moderation' })).toBe(1);
      // Without the token, the open app of this env still answers.
      expect((await request(t.app).get('/metrics')).status).toBe(200);
    } finally {
      await guarded.close();
    }
  });
});

describe('queue gauges when Redis does not answer', () => {
  let blackhole: Server;
  const sockets: Socket[] = [];
  beforeAll(async () => {
    // Accepts connections and never answers: a hung Redis, which a refused port does not simulate.
    blackhole = createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => blackhole.listen(0, '127.0.0.1', resolve));
  });
  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => blackhole.close(() => resolve()));
  });

  it('a scrape answers within the timeout, without numbers and with queue_counts_up 0', async () => {
    const { port } = blackhole.address() as AddressInfo;
    // A worker-style connection: it waits for ever rather than fail a command.
    const redis = new Redis({ host: '127.0.0.1', port, maxRetriesPerRequest: null, lazyConnect: true });
    redis.on('error', () => undefined);
    const queue = new Queue('moderation', {
      connection: redis,
      prefix: 'hung',
      skipWaitingForReady: true,
      skipVersionCheck: true,
    });
    queue.on('error', () => undefined);
    const metrics = createMetrics({ queueCountTimeoutMs: 300, defaultMetrics: false });
    const untrack = metrics.trackQueues([queue]);
    try {
      const started = Date.now();
      const text = await metrics.registry.metrics();
      expect(Date.now() - started).toBeLessThan(2_000);
      expect(valueOf(text, 'queue_counts_up', { queue: 'moderation' })).toBe(0);
      expect(samplesOf(text, 'queue_jobs')).toEqual([]);
      untrack();
      expect(samplesOf(await metrics.registry.metrics(), 'queue_counts_up')).toEqual([]);
    } finally {
      redis.disconnect();
    }
  });
});

describe('a worker process started alone', () => {
  let env: TestEnv;
  let t: TestApp;
  let stopWorkers: () => Promise<void>;
  let port: number;
  beforeAll(async () => {
    port = await freePort();
    env = await createTestEnv({ WORKER_METRICS_PORT: String(port), METRICS_TOKEN });
    t = createTestApp(env);
    await t.ready;
    // No registry passed in: the worker builds its own and serves it on WORKER_METRICS_PORT.
    stopWorkers = await startWorkers(env.config, silentLogger);
  });
  afterAll(async () => {
    await stopWorkers();
    await t.close();
    await env.cleanup();
  });

  const scrapeWorker = (token: string | null = METRICS_TOKEN) =>
    fetch(`http://127.0.0.1:${port}/metrics`, { headers: token ? { authorization: bearer(token) } : {} });

  it('serves its own /metrics with its verdicts, behind METRICS_TOKEN', async () => {
    const site = await createSiteViaApi(t.app, { name: 'Alone' });
    const res = await request(t.app)
      .post('/v1/comments')
      .set('authorization', bearer(site.apiKey))
      .send({ id: 'alone-1', content: CLEAN });
    expect(res.status).toBe(202);

    const text = await waitFor(
      async () => (await scrapeWorker()).text(),
      (scraped) => valueOf(scraped, 'moderation_verdicts_total', { action: 'approve' }) === 1,
    );
    expect(valueOf(text, 'moderation_checks_duration_seconds_count')).toBe(1);
    expect(valueOf(text, 'queue_counts_up', { queue: 'moderation' })).toBe(1);
    // The api's requests are counted by the api's registry, not the worker's.
    expect(samplesOf(text, 'http_requests_total')).toEqual([]);
    expect(parseSamples(text).some((sample) => sample.name.startsWith('nodejs_'))).toBe(true);

    const refused = await scrapeWorker(null);
    expect(refused.status).toBe(401);
    expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect((await scrapeWorker('metrics-token-wrong-0000')).status).toBe(401);
  });
});

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
