import request from 'supertest';
import { createTestApp, createTestEnv, silentLogger, type TestApp, type TestEnv } from '../helpers/test-env';
import { createModeratorViaApi, createSiteViaApi } from '../helpers/fixtures';
import { fakeJob, scored, scoredByMarker, submitAndModerate } from '../helpers/moderation';
import { bearer, expectProblem } from '../helpers/problems';
import { listen } from '../helpers/dashboard';
import { openEventStream } from '../helpers/event-stream';
import { createModerationProcessor } from '../../workers/moderation.processor';
import { createMemoryCrowdIndex } from '../../src/crowd/memory-crowd-index';
import { createLivePublisher } from '../../src/live/live-events';
import { redisKeyspace } from '../../src/redis-keys';
import { createApp } from '../../src/api/app';
import type { ModerationJob } from '../../src/queues';

let env: TestEnv;
// Two api processes' apps on one PostgreSQL and Redis, each with its own subscriber connection.
let one: TestApp;
let two: TestApp;
let server: Awaited<ReturnType<typeof listen>>;
let site: { id: string; apiKey: string };
let other: { id: string; apiKey: string };
let mia: { id: string; token: string };
let bea: { id: string; token: string };

beforeAll(async () => {
  env = await createTestEnv();
  one = createTestApp(env);
  two = createTestApp(env);
  server = await listen(two.app);
  site = await createSiteViaApi(one.app, { name: 'A' });
  other = await createSiteViaApi(one.app, { name: 'B' });
  mia = await createModeratorViaApi(one.app, { name: 'Mia', siteIds: [site.id] });
  bea = await createModeratorViaApi(one.app, { name: 'Bea', siteIds: [other.id] });
});
afterAll(async () => {
  await server.close();
  await one.close();
  await two.close();
  await env.cleanup();
});

describe('GET /v1/review/events', () => {
  it("a worker's held items and a decision, a claim and its release made through another api process reach the stream, only for the reader's sites", async () => {
    const stream = await openEventStream(`${server.baseUrl}/v1/review/events`, mia.token);
    const beas = await openEventStream(`${server.baseUrl}/v1/review/events`, bea.token);
    expect(stream.status).toBe(200);
    expect(stream.contentType).toMatch(/^text\/event-stream/);
    await stream.waitFor((event) => event.type === 'ready');

    // The worker publishes what it held, on its own connection.
    const processor = createModerationProcessor({
      pool: env.pool,
      checks: scoredByMarker,
      crowd: createMemoryCrowdIndex(),
      logger: silentLogger,
      live: createLivePublisher({
        redis: one.redis,
        channel: redisKeyspace(env.config.REDIS_KEY_PREFIX).live,
        logger: silentLogger,
      }),
    });
    const moderate = (id: string) => processor(fakeJob<ModerationJob>({ commentId: id }, { id }));
    const held = await submitAndModerate(one.app, moderate, site.apiKey, { id: 'held', content: scored(4) });
    await submitAndModerate(one.app, moderate, site.apiKey, { id: 'fine', content: scored(0) });
    const heard = await stream.waitFor((event) => event.type === 'held');
    expect(heard.data).toEqual({ type: 'held', items: [{ id: held, siteId: site.id, version: 2 }] });

    const api = (path: string) => request(one.app).post(path).set('authorization', bearer(mia.token));
    await api(`/v1/review/items/${held}/claim`);
    await request(one.app).delete(`/v1/review/items/${held}/claim`).set('authorization', bearer(mia.token));
    await api(`/v1/review/items/${held}/decision`).send({ action: 'approve', version: 2 });
    const decided = await stream.waitFor((event) => event.type === 'decided');
    expect(decided.data).toEqual({
      type: 'decided',
      id: held,
      siteId: site.id,
      status: 'approved',
      version: 3,
      by: { moderatorId: mia.id, name: 'Mia' },
    });
    expect(stream.events.map((event) => event.type)).toEqual([
      'ready',
      'held',
      'claimed',
      'released',
      'decided',
    ]);
    // Nothing of site A reaches a moderator of site B; an event of B's own does.
    const theirs = await submitAndModerate(one.app, moderate, other.apiKey, { id: 'b', content: scored(4) });
    expect((await beas.waitFor((event) => event.type === 'held')).data.items).toEqual([
      { id: theirs, siteId: other.id, version: 2 },
    ]);
    expect(beas.events.map((event) => event.type)).toEqual(['ready', 'held']);
    await Promise.all([stream.close(), beas.close()]);
  });

  it("the site's feedback reaches open dashboards as a decision by the site", async () => {
    const stream = await openEventStream(`${server.baseUrl}/v1/review/events`, mia.token);
    await stream.waitFor((event) => event.type === 'ready');
    await request(one.app)
      .post('/v1/comments')
      .set('authorization', bearer(site.apiKey))
      .send({ id: 'fb', content: 'Hello' });
    const feedback = await request(one.app)
      .post('/v1/comments/fb/feedback')
      .set('authorization', bearer(site.apiKey))
      .send({ label: 'spam' });
    expect(feedback.status).toBe(200);
    const decided = await stream.waitFor((event) => event.type === 'decided');
    expect(decided.data).toMatchObject({
      status: 'rejected',
      version: 2,
      by: { moderatorId: null, name: 'the site' },
    });
    await stream.close();
  });

  it('without credentials it answers 401; an app without live events answers 503, so the page polls', async () => {
    expectProblem(await request(two.app).get('/v1/review/events'), 401, 'unauthorized');
    const bare = createApp({
      config: env.config,
      logger: silentLogger,
      pool: env.pool,
      redis: one.redis,
      queues: one.queues,
    });
    expectProblem(
      await request(bare).get('/v1/review/events').set('authorization', bearer(mia.token)),
      503,
      'service_unavailable',
    );
  });
});
