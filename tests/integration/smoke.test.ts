import request from 'supertest';
import { createTestApp, createTestEnv, type TestApp, type TestEnv } from '../helpers/test-env';
import { createSiteViaApi } from '../helpers/fixtures';

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

it('when a site posts a comment, it is stored as queued and enqueued by its id', async () => {
  const site = await createSiteViaApi(t.app);
  const res = await request(t.app)
    .post('/v1/comments')
    .set('authorization', `Bearer ${site.apiKey}`)
    .send({ id: 'c-1', content: 'hello' });
  expect(res.status).toBe(202);
  const job = await t.queues.moderation.getJob(res.body.id);
  expect(job?.data).toEqual({ commentId: res.body.id });
});
