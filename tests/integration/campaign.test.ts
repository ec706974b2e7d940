import request from 'supertest';
import { Redis } from 'ioredis';
import { createRedisCrowdIndex } from '../../src/crowd/redis-crowd-index';
import { redisKeyspace } from '../../src/redis-keys';
import { createChecks } from '../../src/moderation/checks';
import { createModerationProcessor } from '../../workers/moderation.processor';
import { createSiteViaApi } from '../helpers/fixtures';
import { fakeJob } from '../helpers/moderation';
import { createTestApp, createTestEnv, silentLogger, type TestApp, type TestEnv } from '../helpers/test-env';
import { loadTextModels } from '../../src/model-files';

let env: TestEnv;
let t: TestApp;
let redis: Redis;
let moderate: (commentId: string) => Promise<unknown>;

beforeAll(async () => {
  env = await createTestEnv();
  t = createTestApp(env);
  await t.ready;
  redis = new Redis(env.config.REDIS_URL);
  const processor = createModerationProcessor({
    pool: env.pool,
    checks: createChecks({ models: loadTextModels() }),
    crowd: createRedisCrowdIndex(redis, redisKeyspace(env.config.REDIS_KEY_PREFIX).crowd),
    logger: silentLogger,
  });
  moderate = (commentId) => processor(fakeJob({ commentId }, { id: commentId }));
});
afterAll(async () => {
  redis.disconnect();
  await t.close();
  await env.cleanup();
});

async function post(apiKey: string, body: Record<string, unknown>) {
  const res = await request(t.app).post('/v1/comments').set('authorization', `Bearer ${apiKey}`).send(body);
  expect(res.status).toBe(202);
  await moderate(res.body.id);
  const stored = await request(t.app).get(`/v1/comments/${body.id}`).set('authorization', `Bearer ${apiKey}`);
  return stored.body as { status: string; verdict: { signals: Array<{ check: string; code: string }> } };
}

/** The codes of the duplicates check's signals (the other checks, e.g. the text models, have their say too). */
const duplicateCodes = (comment: Awaited<ReturnType<typeof post>>) =>
  comment.verdict.signals.filter((s) => s.check === 'duplicates').map((s) => s.code);

const pitch = 'Honestly the best thing I did this year was join the members club, everyone should try it';

it('when the same text arrives from different authors on two sites, the later copies are held as a campaign', async () => {
  const a = await createSiteViaApi(t.app, { name: 'A' });
  const b = await createSiteViaApi(t.app, { name: 'B' });

  const first = await post(a.apiKey, { id: 'p1', content: pitch, author: { id: 'u1' } });
  expect(first.status).toBe('approved');

  const second = await post(b.apiKey, {
    id: 'p2',
    content: pitch.replace('year', 'month'),
    author: { id: 'u2' },
  });
  expect(second.status).toBe('pending_review');
  expect(duplicateCodes(second)).toEqual(['duplicate_text', 'cross_site_duplicate']);

  const third = await post(a.apiKey, { id: 'p3', content: pitch.toUpperCase(), author: { id: 'u3' } });
  expect(duplicateCodes(third)).toEqual(expect.arrayContaining(['campaign', 'cross_site_duplicate']));
});

it('when one author repeats a text, it is not a campaign', async () => {
  const site = await createSiteViaApi(t.app, { name: 'C' });
  const text = 'The referee missed three clear fouls in the second half and nobody talks about it';
  await post(site.apiKey, { id: 'r1', content: text, author: { id: 'same' } });
  const again = await post(site.apiKey, { id: 'r2', content: text, author: { id: 'same' } });
  expect(again.status).toBe('approved');
  expect(duplicateCodes(again)).toEqual([]);
});
