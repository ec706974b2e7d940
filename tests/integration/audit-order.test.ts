import request from 'supertest';
import { createSiteViaApi } from '../helpers/fixtures';
import { createTestModerator, submitAndModerate } from '../helpers/moderation';
import { ADMIN_TOKEN, createTestApp, createTestEnv, type TestApp, type TestEnv } from '../helpers/test-env';

let env: TestEnv;
let t: TestApp;
beforeAll(async () => {
  env = await createTestEnv();
  t = createTestApp(env);
});
afterAll(async () => {
  await t.close();
  await env.cleanup();
});

it('when there are more than nine decisions, the audit pages are newest first by number and miss none', async () => {
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
