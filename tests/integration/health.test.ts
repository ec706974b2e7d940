import request from 'supertest';
import { createTestApp, createTestEnv, type TestApp, type TestEnv } from '../helpers/test-env';
import { createSiteViaApi } from '../helpers/fixtures';
import { createTestAppWithoutRedis } from '../helpers/unreachable-redis';
import { bearer, expectProblem } from '../helpers/problems';

let env: TestEnv;
let t: TestApp;
beforeAll(async () => {
  env = await createTestEnv();
  t = createTestApp(env);
  await t.ready;
});
afterAll(async () => {
  await t.close();
  await env.cleanup();
});

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('health', () => {
  it('when the process is up, /healthz answers 200', async () => {
    const res = await request(t.app).get('/healthz');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok' });
  });

  it('when PostgreSQL and Redis are reachable, /readyz answers 200 with both checks true', async () => {
    const res = await request(t.app).get('/readyz');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ready', checks: { postgres: true, redis: true } });
  });

  it('when Redis is unreachable, /readyz answers 503 with checks.redis false', async () => {
    const down = createTestAppWithoutRedis(env);
    try {
      const started = Date.now();
      const res = await request(down.app).get('/readyz');
      expect(res.status).toBe(503);
      expect(res.body).toEqual({ status: 'unavailable', checks: { postgres: true, redis: false } });
      expect(Date.now() - started).toBeLessThan(3_000);
    } finally {
      await down.close();
    }
  });
});

describe('x-request-id', () => {
  it('when a request carries a sane x-request-id, the response echoes it', async () => {
    const res = await request(t.app).get('/healthz').set('x-request-id', 'edge-42.abc_DEF');
    expect(res.headers['x-request-id']).toBe('edge-42.abc_DEF');
  });

  it.each([
    ['spaces and quotes', 'bad id "x"'],
    ['more than 100 characters', 'a'.repeat(101)],
  ])('when the incoming x-request-id has %s, a fresh id replaces it', async (_case, incoming) => {
    const res = await request(t.app).get('/healthz').set('x-request-id', incoming);
    expect(res.headers['x-request-id']).toMatch(UUID);
  });

  it('when requests carry no id, every response gets its own, errors included', async () => {
    const site = await createSiteViaApi(t.app);
    const responses = await Promise.all([
      request(t.app).get('/healthz'),
      request(t.app).get('/no/such/route'),
      request(t.app).get('/v1/review/queue'),
      request(t.app)
        .post('/v1/comments')
        .set('authorization', bearer(site.apiKey))
        .set('content-type', 'application/json')
        .send('{"id":'),
      request(t.app)
        .post('/v1/comments')
        .set('authorization', bearer(site.apiKey))
        .send({ id: 'r1', content: 'hi' }),
    ]);
    expect(responses.map((res) => res.status)).toEqual([200, 404, 401, 400, 202]);
    const idsSeen = responses.map((res) => res.headers['x-request-id']);
    for (const id of idsSeen) expect(id).toMatch(UUID);
    expect(new Set(idsSeen).size).toBe(idsSeen.length);
  });

  it('when no route matches, it answers 404 problem+json', async () => {
    const res = await request(t.app).delete('/v1/comments-everything');
    expectProblem(res, 404, 'not_found');
  });
});
