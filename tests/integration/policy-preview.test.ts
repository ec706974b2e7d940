import request from 'supertest';
import { Redis } from 'ioredis';
import {
  ADMIN_TOKEN,
  createTestApp,
  createTestEnv,
  REDIS_URL,
  type TestApp,
  type TestEnv,
} from '../helpers/test-env';
import { createModeratorViaApi, createSiteViaApi } from '../helpers/fixtures';
import { createTestModerator, submitAndModerate } from '../helpers/moderation';
import { bearer, countRows, expectProblem, expectValidationPaths } from '../helpers/problems';

/**
 * Back-testing a draft policy on the stored comments of a site, with the real checks: what would
 * change, examples, agreement with what moderators decided, paging, bounds, and that nothing is
 * written (no verdict, no decision, no crowd entry).
 */
let env: TestEnv;
let t: TestApp;
let site: Awaited<ReturnType<typeof createSiteViaApi>>;
let other: Awaited<ReturnType<typeof createSiteViaApi>>;
const ids: Record<string, string> = {};

beforeAll(async () => {
  env = await createTestEnv();
  t = createTestApp(env);
  await t.ready;
  const moderate = createTestModerator(env);
  site = await createSiteViaApi(t.app, { name: 'Harbour News', policy: { flaggedTerms: ['harbour'] } });
  other = await createSiteViaApi(t.app, { name: 'Elsewhere' });
  const post = async (key: string, id: string, content: string) =>
    (ids[id] = await submitAndModerate(t.app, moderate, key, {
      id,
      content,
      author: { id: `reader-${id}` },
    }));
  await post(site.apiKey, 'harbour', 'The casino plan for the harbour deserves a real debate.');
  await post(site.apiKey, 'bonus', 'Casino bonus tonight, everyone join in.');
  await post(site.apiKey, 'calm', 'A calm remark about the weather.');
  await post(site.apiKey, 'old', 'An old remark about the casino.');
  await post(other.apiKey, 'elsewhere', 'Casino talk on another site.');
  const decide = async (id: string, action: 'approve' | 'reject') => {
    const { rows } = await env.pool.query('SELECT version FROM comments WHERE id = $1', [ids[id]]);
    const res = await request(t.app)
      .post(`/v1/review/items/${ids[id]}/decision`)
      .set('authorization', bearer(ADMIN_TOKEN))
      .send({ action, version: rows[0].version });
    expect(res.status).toBe(200);
  };
  await decide('harbour', 'approve'); // held for "harbour", a moderator approved it
  await decide('bonus', 'reject'); // approved by the worker, a moderator rejected it
  await env.pool.query("UPDATE comments SET received_at = now() - interval '10 days' WHERE id = $1", [
    ids.old,
  ]);
});
afterAll(async () => {
  await t.close();
  await env.cleanup();
});

const preview = (body: object, siteId = site.id, token = ADMIN_TOKEN) =>
  request(t.app).post(`/v1/sites/${siteId}/policy/preview`).set('authorization', bearer(token)).send(body);
const draft = { flaggedTerms: ['casino'] };

describe('POST /v1/sites/:id/policy/preview', () => {
  it('reports the verdicts a draft would change, with examples, and agreement with moderators', async () => {
    const res = await preview({ policy: draft, days: 7 });
    expect(res.status).toBe(200);
    expect(res.body.policy).toMatchObject({ flaggedTerms: ['casino'], reviewThreshold: 3 });
    expect(res.body).toMatchObject({
      scanned: 3,
      changed: 1,
      changes: { 'approve→review': 1 },
      decided: 2,
      agreement: {
        // The worker approved the bonus comment a moderator rejected, and held the harbour one they approved.
        current: { agree: 0, falsePositives: 1, falseNegatives: 1 },
        draft: { agree: 1, falsePositives: 1, falseNegatives: 0 },
      },
      nextCursor: null,
    });
    expect(res.body.examples).toEqual([
      expect.objectContaining({
        id: ids.bonus,
        externalId: 'bonus',
        content: 'Casino bonus tonight, everyone join in.',
        current: { action: 'approve', score: expect.any(Number) },
        draft: {
          action: 'review',
          score: expect.any(Number),
          reason: expect.objectContaining({ code: 'offensive' }),
        },
        decided: 'rejected',
      }),
    ]);
    expect(Date.parse(res.body.range.to) - Date.parse(res.body.range.from)).toBe(7 * 86_400_000);
  });

  it('reaches further back only when asked, never past the bound', async () => {
    expect((await preview({ policy: draft, days: 30 })).body.scanned).toBe(4);
    const tooFar = await preview({ policy: draft, days: 91, limit: 501 });
    expect(expectValidationPaths(tooFar)).toEqual(['body.days', 'body.limit']);
  });

  it('pages oldest first over a range fixed by the first page; the pages add up to the whole', async () => {
    const first = await preview({ policy: draft, limit: 2 });
    expect(first.body.scanned).toBe(2);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await preview({ policy: draft, limit: 2, cursor: first.body.nextCursor });
    expect(second.body).toMatchObject({ scanned: 1, nextCursor: null, range: first.body.range });
    const whole = (await preview({ policy: draft })).body;
    expect(first.body.changed + second.body.changed).toBe(whole.changed);
    expect(first.body.decided + second.body.decided).toBe(whole.decided);
    expect(expectValidationPaths(await preview({ policy: draft, cursor: 'forged' }))).toEqual([
      'body.cursor',
    ]);
  });

  it('writes nothing: no verdict, decision, callback or crowd entry changes', async () => {
    const snapshot = async () => ({
      comments: (await env.pool.query('SELECT id, status, version, score, signals FROM comments ORDER BY id'))
        .rows,
      decisions: await countRows(env.pool, 'decisions'),
      deliveries: await countRows(env.pool, 'deliveries'),
    });
    const redis = new Redis(REDIS_URL);
    const crowdKeys = () => redis.keys(`${env.config.QUEUE_PREFIX}:crowd:*`);
    try {
      const before = await snapshot();
      const keysBefore = await crowdKeys();
      expect((await preview({ policy: { ...draft, blockedTerms: ['weather'] } })).status).toBe(200);
      expect(await snapshot()).toEqual(before);
      expect(await crowdKeys()).toEqual(keysBefore);
    } finally {
      redis.disconnect();
    }
  });

  it('refuses a bad draft at its field path, non-admins, and unknown sites', async () => {
    const bad = await preview({ policy: { reviewThreshold: -1, mode: 'loud' } });
    expect(expectValidationPaths(bad)).toEqual(['body.policy.mode', 'body.policy.reviewThreshold']);
    const mia = await createModeratorViaApi(t.app, { name: 'Mia', siteIds: [site.id] });
    expectProblem(await preview({ policy: draft }, site.id, mia.token), 403, 'forbidden');
    expectProblem(await preview({ policy: draft }, '7d3f1b2a-9c4e-4a5b-8d6f-1e2a3b4c5d6e'), 404, 'not_found');
    expectProblem(await preview({ policy: draft }, 'not-a-uuid'), 404, 'not_found');
  });

  it("re-scores only the site's own comments", async () => {
    const res = await preview({ policy: draft }, other.id);
    expect(res.body.scanned).toBe(1);
    expect(res.body.examples.map((e: { id: string }) => e.id)).toEqual([ids.elsewhere]);
  });
});
