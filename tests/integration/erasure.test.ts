import { createHash } from 'node:crypto';
import request from 'supertest';
import { Redis } from 'ioredis';
import { createModerationProcessor } from '../../workers/moderation.processor';
import { createRedisCrowdIndex } from '../../src/crowd/redis-crowd-index';
import { createChecks } from '../../src/moderation/checks';
import { loadTextModels } from '../../src/model-files';
import { redisKeyspace } from '../../src/redis-keys';
import { ipKeyOf } from '../../src/moderation/load-check-context';
import { claimKey } from '../../src/review/claims';
import type { ModerationJob } from '../../src/queues';
import {
  ADMIN_TOKEN,
  createTestApp,
  createTestEnv,
  silentLogger,
  type TestApp,
  type TestEnv,
} from '../helpers/test-env';
import { createModeratorViaApi, createSiteViaApi } from '../helpers/fixtures';
import { fakeJob } from '../helpers/moderation';
import { bearer, countRows, expectProblem, expectValidationPaths } from '../helpers/problems';
import { createTestAppWithoutRedis } from '../helpers/unreachable-redis';
import { personTraces, redisTraces } from '../helpers/traces';

/**
 * Erasure of one person on request: after DELETE /v1/authors/:authorKey nothing of them is left in
 * any table's text or JSON column (the classifier's token counts excepted, as the law allows) nor in
 * any Redis key, while everyone else's data, and the counts, stay.
 */
let env: TestEnv;
let t: TestApp;
let redis: Redis;
let site: Awaited<ReturnType<typeof createSiteViaApi>>;
let other: Awaited<ReturnType<typeof createSiteViaApi>>;
let moderate: (commentId: string) => Promise<unknown>;
const ids: Record<string, string> = {};

const PERSON = {
  id: 'zq-reader-42',
  name: 'Zelda Quintessa',
  email: 'Zelda.Q@example.org',
  ip: '192.0.2.77',
};
const AUTHOR_KEY = `id:${PERSON.id}`;
const EMAIL_KEY = `email:${createHash('sha256').update(PERSON.email.toLowerCase()).digest('hex')}`;
const SECOND_IP = '192.0.2.78';
/** Everything that would identify the person, searched for case-insensitively. */
const TRACES = [
  'zqphrase',
  PERSON.id,
  PERSON.name,
  'Quintessa',
  PERSON.email,
  PERSON.ip,
  SECOND_IP,
  ipKeyOf(PERSON.ip),
  ipKeyOf(SECOND_IP),
  EMAIL_KEY.slice('email:'.length),
];

beforeAll(async () => {
  env = await createTestEnv({ CALLBACK_ALLOW_HOSTS: '127.0.0.1' });
  t = createTestApp(env);
  await t.ready;
  redis = new Redis(env.config.REDIS_URL);
  // The worker's processor over the real Redis crowd index, so the person leaves traces there.
  const processor = createModerationProcessor({
    pool: env.pool,
    checks: createChecks({ models: loadTextModels() }),
    crowd: createRedisCrowdIndex(redis, redisKeyspace(env.config.REDIS_KEY_PREFIX).crowd),
    logger: silentLogger,
  });
  moderate = (commentId) => processor(fakeJob<ModerationJob>({ commentId }, { id: commentId }));
  const policy = { blockedTerms: ['viagra'], flaggedTerms: ['harbour'] };
  site = await createSiteViaApi(t.app, { name: 'Daily', callbackUrl: 'http://127.0.0.1:9/hook', policy });
  other = await createSiteViaApi(t.app, { name: 'Other', policy });
});
afterAll(async () => {
  redis.disconnect();
  await t.close();
  await env.cleanup();
});

const asSite = (method: 'post' | 'put' | 'get', path: string, apiKey = site.apiKey) =>
  request(t.app)[method](path).set('authorization', bearer(apiKey));
const admin = (method: 'post' | 'get' | 'delete', path: string) =>
  request(t.app)[method](path).set('authorization', bearer(ADMIN_TOKEN));
const post = async (externalId: string, content: string, author: object, apiKey = site.apiKey) => {
  const res = await asSite('post', '/v1/comments', apiKey).send({ id: externalId, content, author });
  expect(res.status).toBe(202);
  ids[externalId] = res.body.id;
  await moderate(res.body.id);
  return (await asSite('get', `/v1/comments/${externalId}`, apiKey)).body;
};
const erase = (authorKey: string, siteId = site.id, token = ADMIN_TOKEN) =>
  request(t.app)
    .delete(`/v1/authors/${encodeURIComponent(authorKey)}`)
    .query({ siteId })
    .set('authorization', bearer(token));

describe('DELETE /v1/authors/:authorKey', () => {
  beforeAll(async () => {
    // The person leaves traces everywhere the service keeps data.
    await post('z-approved', 'I agree with my neighbour zqphrase about the budget.', PERSON);
    await asSite('put', '/v1/comments/z-approved').send({
      content: 'I agree with my neighbour zqphrase about the budget, mostly.',
      author: PERSON,
    });
    await moderate(ids['z-approved']!);
    await post('z-held', 'The harbour zqphrase plan needs a vote.', PERSON);
    expect((await admin('post', `/v1/review/items/${ids['z-held']}/claim`)).status).toBe(200);
    const rejected = await post('z-appealed', 'viagra zqphrase', PERSON);
    await asSite('post', '/v1/comments/z-appealed/appeal').send({
      text: 'zqphrase was a joke, Zelda Quintessa here',
    });
    const byMailOnly = await post('z-mail', 'The harbour zqphrase again, by mail.', {
      name: 'Zelda Q.',
      email: PERSON.email.toUpperCase(),
      ip: SECOND_IP,
    });
    await admin('post', `/v1/review/items/${byMailOnly.id}/decision`).send({
      action: 'reject',
      version: byMailOnly.version,
      reason: 'zqphrase again',
      note: 'Zelda Quintessa posts this every week: "The harbour zqphrase"',
    });
    const noted = await admin('post', `/v1/review/items/${ids['z-held']}/author-notes`).send({
      body: 'Zelda Quintessa writes under two names (zqphrase)',
    });
    expect(noted.status).toBe(201);
    await admin('post', `/v1/authors/${encodeURIComponent(AUTHOR_KEY)}/actions`).send({
      siteId: site.id,
      action: 'premoderate',
      reason: 'Zelda Quintessa floods threads',
    });
    // Akismet's comment-check records the checked comment in the crowd index.
    const check = await request(t.app).post('/1.1/comment-check').type('form').send({
      api_key: site.apiKey,
      blog: 'https://daily.example',
      user_ip: PERSON.ip,
      comment_author_email: PERSON.email,
      comment_content: 'zqphrase checked by Akismet',
    });
    expect(check.status).toBe(200);
    expect(rejected.status).toBe('rejected');
    // Others: a reader on the same site and someone on another site.
    await post('bystander', 'The budget plan is fine by me.', { id: 'someone-else', ip: '198.51.100.9' });
    await post('elsewhere', 'Another site, another reader.', { id: 'reader-elsewhere' }, other.apiKey);
  });

  it('before: the person is in PostgreSQL and Redis', async () => {
    expect((await personTraces(env.pool, TRACES)).length).toBeGreaterThan(10);
    expect((await redisTraces(redis, env.config.QUEUE_PREFIX, TRACES)).length).toBeGreaterThan(0);
  });

  it('refuses moderators, unknown sites and malformed requests, erasing nothing', async () => {
    const mia = await createModeratorViaApi(t.app, { name: 'Mia', siteIds: [site.id] });
    expectProblem(await erase(AUTHOR_KEY, site.id, mia.token), 403, 'forbidden');
    expectProblem(await erase(AUTHOR_KEY, '7d3f1b2a-9c4e-4a5b-8d6f-1e2a3b4c5d6e'), 404, 'not_found');
    expectProblem(await erase('not-a-key'), 404, 'not_found');
    const noSite = await admin('delete', `/v1/authors/${encodeURIComponent(AUTHOR_KEY)}`);
    expect(expectValidationPaths(noSite)).toEqual(['query.siteId']);
    expect(await countRows(env.pool, 'comments', 'anonymised_at IS NOT NULL')).toBe(0);
  });

  it('with Redis down, answers 503 and erases nothing, so it can be repeated', async () => {
    const down = createTestAppWithoutRedis(env);
    try {
      const res = await request(down.app)
        .delete(`/v1/authors/${encodeURIComponent(AUTHOR_KEY)}`)
        .query({ siteId: site.id })
        .set('authorization', bearer(ADMIN_TOKEN));
      expectProblem(res, 503, 'service_unavailable');
    } finally {
      await down.close();
    }
    expect(await countRows(env.pool, 'comments', 'anonymised_at IS NOT NULL')).toBe(0);
  });

  it('erases the person everywhere and answers a receipt of what was removed', async () => {
    const docsBefore = (await env.pool.query('SELECT scope, spam, ham FROM classifier_docs ORDER BY scope'))
      .rows;
    const res = await erase(AUTHOR_KEY);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      id: expect.any(String),
      siteId: site.id,
      requestedBy: 'operator',
      moderatorId: null,
      createdAt: expect.any(String),
      removed: {
        comments: 4,
        withdrawnFromQueues: 2,
        revisions: 1,
        appeals: 1,
        decisionNotes: expect.any(Number),
        deliveries: expect.any(Number),
        classifierExamples: expect.any(Number),
        authorStandings: 1,
        authorActions: 1,
        authorNotes: 1,
        redisKeys: expect.any(Number),
        redisEntries: expect.any(Number),
      },
    });
    const { removed } = res.body;
    expect(removed.decisionNotes).toBeGreaterThan(0);
    expect(removed.deliveries).toBeGreaterThan(0);
    expect(removed.classifierExamples).toBeGreaterThan(0);
    expect(removed.redisKeys).toBeGreaterThan(0);
    expect(removed.redisEntries).toBeGreaterThan(0);

    // Nothing of the person in any text or JSON column of any table, nor in any Redis key or value.
    expect(await personTraces(env.pool, TRACES)).toEqual([]);
    expect(await redisTraces(redis, env.config.QUEUE_PREFIX, TRACES)).toEqual([]);
    const personIds = ['z-approved', 'z-held', 'z-appealed', 'z-mail'].map((externalId) => ids[externalId]!);
    expect(
      await redis.exists(
        ...personIds.map((id) => claimKey(redisKeyspace(env.config.REDIS_KEY_PREFIX).claims, id)),
      ),
    ).toBe(0);
    const crowdEntries = await redisTraces(
      redis,
      redisKeyspace(env.config.REDIS_KEY_PREFIX).crowd,
      personIds,
    );
    expect(crowdEntries).toEqual([]);
    // The classifier's counts stay: learned lessons cannot be traced back to anyone.
    expect(
      (await env.pool.query('SELECT scope, spam, ham FROM classifier_docs ORDER BY scope')).rows,
    ).toEqual(docsBefore);
  });

  it("keeps everyone else's data and the comments' counts: the person's comments stay as anonymous rows", async () => {
    const bystander = await asSite('get', '/v1/comments/bystander');
    expect(bystander.body.status).toBe('approved');
    const { rows } = await env.pool.query(
      "SELECT content FROM comments WHERE external_id IN ('bystander', 'elsewhere') ORDER BY external_id",
    );
    expect(rows.map((row) => row.content)).toEqual([
      'The budget plan is fine by me.',
      'Another site, another reader.',
    ]);
    const held = await admin('get', `/v1/review/items/${ids['z-held']}`);
    expect(held.body).toMatchObject({ status: 'deleted', content: '', author: {}, authorKey: null });
    expect(held.body.anonymisedAt).toEqual(expect.any(String));
    expect(held.body.decisions.at(-1)).toMatchObject({ action: 'erase', toStatus: 'deleted' });
    const approved = await asSite('get', '/v1/comments/z-approved');
    expect(approved.body).toMatchObject({ status: 'approved', revision: 2 });
    expect(approved.body.verdict.signals.every((signal: { message: string }) => signal.message === '')).toBe(
      true,
    );
    const queue = await admin('get', `/v1/review/queue?siteId=${site.id}`);
    expect(queue.body.items.map((item: { id: string }) => item.id)).not.toContain(ids['z-held']);
  });

  it('an anonymised comment can be neither edited, appealed nor decided; erasing again removes nothing', async () => {
    const edit = await asSite('put', '/v1/comments/z-approved').send({ content: 'new text' });
    expectProblem(edit, 409, 'comment_anonymised');
    const { version } = (await asSite('get', '/v1/comments/z-approved')).body;
    expectProblem(
      await admin('post', `/v1/review/items/${ids['z-approved']}/decision`).send({
        action: 'reject',
        version,
      }),
      409,
      'comment_anonymised',
    );
    const again = await erase(AUTHOR_KEY);
    expect(again.status).toBe(200);
    expect(Object.values(again.body.removed).every((count) => count === 0)).toBe(true);
    expect(await countRows(env.pool, 'erasures')).toBe(2);
  });
});
