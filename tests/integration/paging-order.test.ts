import request from 'supertest';
import { createSiteViaApi } from '../helpers/fixtures';
import { createTestModerator, scored, scoredByMarker, submitAndModerate } from '../helpers/moderation';
import { ADMIN_TOKEN, createTestApp, createTestEnv, type TestApp, type TestEnv } from '../helpers/test-env';

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

it('when decision ids cross a digit boundary, the audit pages are newest first by number and miss none', async () => {
  // Ids 5..16 cross from one digit to two, where text order (10 < 5) and numeric order part.
  await env.pool.query('ALTER SEQUENCE decisions_id_seq RESTART WITH 5');
  const site = await createSiteViaApi(t.app);
  const moderate = createTestModerator(env);
  for (let i = 0; i < 12; i++) {
    await submitAndModerate(t.app, moderate, site.apiKey, { id: `c${i}`, content: `comment number ${i}` });
  }
  const seen: number[] = [];
  let cursor: string | null = null;
  do {
    const res: request.Response = await request(t.app)
      .get('/v1/audit')
      .query(cursor ? { limit: 5, cursor } : { limit: 5 })
      .set('authorization', `Bearer ${ADMIN_TOKEN}`);
    expect(res.status).toBe(200);
    seen.push(...res.body.items.map((item: { id: string }) => Number(item.id)));
    cursor = res.body.nextCursor;
  } while (cursor);
  expect(seen).toHaveLength(12);
  expect(seen).toEqual([...seen].sort((a, b) => b - a));
});

it('when arrival numbers cross a digit boundary, every queue order pages through all held comments exactly once', async () => {
  // Arrival numbers 95..106 cross from two digits to three, where text order and numeric order part.
  await env.pool.query('ALTER TABLE comments ALTER COLUMN seq RESTART WITH 95');
  const site = await createSiteViaApi(t.app, { name: 'Queue' });
  const moderate = createTestModerator(env, scoredByMarker);
  const scores = [5, 3, 7, 3, 8, 4, 3, 6, 5, 3, 4, 7];
  for (const [i, score] of scores.entries()) {
    await submitAndModerate(t.app, moderate, site.apiKey, {
      id: `q${i}`,
      content: scored(score, `held ${i}`),
    });
  }
  for (const sort of ['score', 'oldest', 'newest']) {
    const seen: Array<{ externalId: string; score: number }> = [];
    let cursor: string | null = null;
    do {
      const res: request.Response = await request(t.app)
        .get('/v1/review/queue')
        .query({ siteId: site.id, sort, limit: 5, ...(cursor ? { cursor } : {}) })
        .set('authorization', `Bearer ${ADMIN_TOKEN}`);
      expect(res.status).toBe(200);
      seen.push(...res.body.items);
      cursor = res.body.nextCursor;
    } while (cursor);
    const order = seen.map((item) => Number(item.externalId.slice(1)));
    expect(new Set(order).size).toBe(scores.length);
    const arrival = [...order].sort((a, b) => a - b);
    if (sort === 'oldest') expect(order).toEqual(arrival);
    if (sort === 'newest') expect(order).toEqual([...arrival].reverse());
    if (sort === 'score') {
      const expected = arrival.sort((a, b) => scores[b]! - scores[a]! || a - b);
      expect(order).toEqual(expected);
    }
  }
});
