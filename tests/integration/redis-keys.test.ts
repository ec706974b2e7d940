import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { Redis } from 'ioredis';
import { Webhook } from 'standardwebhooks';
import { QUEUE } from '../../src/queues';
import { createSiteViaApi } from '../helpers/fixtures';
import { createTestModerator, scored, scoredByMarker, submitAndModerate } from '../helpers/moderation';
import { bearer } from '../helpers/problems';
import {
  ADMIN_TOKEN,
  createTestApp,
  createTestEnv,
  uniqueName,
  type TestApp,
  type TestEnv,
} from '../helpers/test-env';

/**
 * The service's own Redis keys live under REDIS_KEY_PREFIX in one namespace per store, apart from
 * BullMQ's keys under QUEUE_PREFIX, with the names the README documents. Driven through the api.
 */
let env: TestEnv;
let t: TestApp;
let redis: Redis;
const keyPrefix = uniqueName('k');

beforeAll(async () => {
  env = await createTestEnv({ REDIS_KEY_PREFIX: keyPrefix });
  t = createTestApp(env);
  await t.ready;
  redis = new Redis(env.config.REDIS_URL);
});
afterAll(async () => {
  redis.disconnect();
  await t.close();
  await env.cleanup();
});

async function keysUnder(prefix: string): Promise<string[]> {
  const keys: string[] = [];
  for await (const batch of redis.scanStream({ match: `${prefix}:*`, count: 500 }))
    keys.push(...(batch as string[]));
  return keys.sort();
}

/** What Redis Cluster hashes a key by: its first non-empty {tag}, else the whole key. */
function hashTag(key: string): string {
  const open = key.indexOf('{');
  const close = key.indexOf('}', open + 1);
  return open >= 0 && close > open + 1 ? key.slice(open + 1, close) : key;
}

it('claims, crowd index, rate limit, sign-in throttle and replay ids each have their namespace under REDIS_KEY_PREFIX', async () => {
  const site = await createSiteViaApi(t.app);
  // Rate limit: a comment posted with the API key.
  const moderate = createTestModerator(env, scoredByMarker);
  const held = await submitAndModerate(t.app, moderate, site.apiKey, { id: 'held', content: scored(4) });
  // Claim: the operator opens the held comment.
  const claim = await request(t.app)
    .post(`/v1/review/items/${held}/claim`)
    .set('authorization', bearer(ADMIN_TOKEN));
  expect(claim.status).toBe(200);
  // Replay ids: a signed comment.
  const msgId = `msg_${randomUUID()}`;
  const raw = JSON.stringify({ id: 'signed', content: 'Signed comment' });
  const at = new Date();
  const signed = await request(t.app)
    .post('/v1/comments')
    .set('content-type', 'application/json')
    .set('x-site-id', site.id)
    .set('webhook-id', msgId)
    .set('webhook-timestamp', String(Math.floor(at.getTime() / 1000)))
    .set('webhook-signature', new Webhook(site.webhookSecret).sign(msgId, at, raw))
    .send(raw);
  expect(signed.status).toBe(202);
  // Crowd index: Akismet's comment-check observes the comment with its author and IP.
  const check = await request(t.app).post('/1.1/comment-check').type('form').send({
    api_key: site.apiKey,
    blog: 'https://news.example',
    user_ip: '203.0.113.7',
    comment_author_email: 'ann@example.com',
    comment_content: 'A comment long enough to have a fingerprint of its words',
  });
  expect(check.status).toBe(200);
  // Sign-in throttle: a failed sign-in.
  const signIn = await request(t.app)
    .post('/v1/session')
    .send({ name: 'Nobody', password: 'not the password' });
  expect(signIn.status).toBe(401);

  const own = await keysUnder(keyPrefix);
  const namespaces = new Set(own.map((key) => key.slice(keyPrefix.length + 1).split(':')[0]));
  expect([...namespaces].sort()).toEqual([
    'claim',
    'fair',
    'login-failures',
    'rate-limit',
    'signed-intake',
    '{crowd}',
  ]);
  expect(own).toEqual(
    expect.arrayContaining([
      `${keyPrefix}:claim:${held}`,
      `${keyPrefix}:rate-limit:${site.id}`,
      // Fairness: the site's backlog of moderation jobs (src/fairness/).
      `${keyPrefix}:fair:backlog:${site.id}`,
      `${keyPrefix}:signed-intake:${site.id}:${msgId}`,
      `${keyPrefix}:login-failures:name:nobody`,
    ]),
  );

  // observe-crowd.lua touches a comment's band, author and IP keys and the log together: one hash slot on a Cluster.
  const crowd = own.filter((key) => key.startsWith(`${keyPrefix}:{crowd}:`));
  expect(new Set(crowd.map((key) => key.split(':')[2]))).toEqual(new Set(['fp', 'author', 'ip', 'recent']));
  expect(new Set(crowd.map(hashTag))).toEqual(new Set(['crowd']));

  // Under QUEUE_PREFIX, BullMQ's queues and nothing else.
  const queueKeys = await keysUnder(env.config.QUEUE_PREFIX);
  expect(queueKeys.length).toBeGreaterThan(0);
  const queues: string[] = Object.values(QUEUE);
  expect(queueKeys.filter((key) => !queues.includes(key.split(':')[1]!))).toEqual([]);
});
