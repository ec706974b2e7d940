import request from 'supertest';
import { ADMIN_TOKEN, createTestApp, createTestEnv, type TestApp, type TestEnv } from '../helpers/test-env';
import { createModeratorViaApi, createSiteViaApi } from '../helpers/fixtures';
import { createTestModerator, submitAndModerate } from '../helpers/moderation';
import { bearer, expectProblem, expectValidationPaths } from '../helpers/problems';
import type { NamedCheck } from '../../src/moderation/checks';

/** Each `[code]` marker in a comment is a signal of that code scoring 4: predictable codes and spans. */
const codedChecks: NamedCheck[] = [
  {
    name: 'spam_rules',
    run: (comment) =>
      [...comment.content.matchAll(/\[([a-z_]+)\]/g)].map((match) => ({
        check: 'test_codes',
        code: match[1]!,
        score: 4,
        message: `marked ${match[1]}`,
        spans: [{ start: match.index, end: match.index + match[0].length }],
      })),
  },
];

let env: TestEnv;
let t: TestApp;
let siteA: string;
let siteB: string;
let mia: { id: string; token: string };
let ben: { id: string; token: string };
const ids: Record<string, string> = {};

beforeAll(async () => {
  env = await createTestEnv({ CLAIM_TTL_SECONDS: '1' });
  t = createTestApp(env);
  await t.ready;
  const moderate = createTestModerator(env, codedChecks);
  const a = await createSiteViaApi(t.app, { name: 'A' });
  const b = await createSiteViaApi(t.app, { name: 'B' });
  [siteA, siteB] = [a.id, b.id];
  mia = await createModeratorViaApi(t.app, { name: 'Mia', siteIds: [siteA] });
  ben = await createModeratorViaApi(t.app, { name: 'Ben', siteIds: [siteA] });
  const post = async (key: string, id: string, content: string, extra: object = {}) =>
    (ids[id] = await submitAndModerate(t.app, moderate, key, { id, content, ...extra }));
  await post(a.apiKey, 'links', 'Cheap pills [links]', { thread: { id: 't-1' }, author: { id: 'ann' } });
  await post(a.apiKey, 'rude', 'You [rude] person', { thread: { id: 't-2' }, author: { id: 'ann' } });
  await post(a.apiKey, 'both', 'Buy [links] now [rude]', { thread: { id: 't-1' }, author: { id: 'bob' } });
  await post(b.apiKey, 'other', 'Elsewhere [links]', { thread: { id: 't-1' }, author: { id: 'ann' } });
});
afterAll(async () => {
  await t.close();
  await env.cleanup();
});

const as = (token: string) => ({
  get: (path: string, query: Record<string, string> = {}) =>
    request(t.app).get(path).query(query).set('authorization', bearer(token)),
  post: (path: string, body?: object) =>
    request(t.app).post(path).set('authorization', bearer(token)).send(body),
  delete: (path: string) => request(t.app).delete(path).set('authorization', bearer(token)),
});
const queueIds = async (query: Record<string, string>, token = ADMIN_TOKEN) => {
  const res = await as(token).get('/v1/review/queue', query);
  expect(res.status).toBe(200);
  return (res.body.items as Array<{ id: string }>).map((item) => item.id).sort();
};
const sorted = (...names: string[]) => names.map((name) => ids[name]!).sort();

describe('GET /v1/review/queue filters', () => {
  it('when filtered by signal code, thread or author, it lists only the matching held items, within the reader’s sites', async () => {
    expect(await queueIds({ signal: 'links' })).toEqual(sorted('links', 'both', 'other'));
    expect(await queueIds({ signal: 'links' }, mia.token)).toEqual(sorted('links', 'both'));
    expect(await queueIds({ signal: 'rude', threadId: 't-1' })).toEqual(sorted('both'));
    expect(await queueIds({ threadId: 't-1', siteId: siteA })).toEqual(sorted('links', 'both'));
    expect(await queueIds({ authorId: 'ann' }, mia.token)).toEqual(sorted('links', 'rude'));
    expect(await queueIds({ authorId: 'nobody' })).toEqual([]);
  });

  it('when a filter is malformed, it answers 400 naming it', async () => {
    const res = await as(ADMIN_TOKEN).get('/v1/review/queue', { signal: "x' OR 1=1 --", threadId: '' });
    expect(expectValidationPaths(res)).toEqual(['query.signal', 'query.threadId']);
  });
});

describe('claims', () => {
  const claim = (token: string, id: string) => as(token).post(`/v1/review/items/${id}/claim`);
  const claimedBy = async (token: string, id: string) => {
    const [queue, item] = await Promise.all([
      as(token).get('/v1/review/queue'),
      as(token).get(`/v1/review/items/${id}`),
    ]);
    const listed = (queue.body.items as Array<{ id: string; claimedBy: unknown }>).find(
      (entry) => entry.id === id,
    );
    expect(listed?.claimedBy).toEqual(item.body.claimedBy);
    return item.body.claimedBy as { moderatorId: string; name: string } | null;
  };

  it('when a moderator opens an item, colleagues see it claimed and cannot claim it; the claim expires unless renewed', async () => {
    const id = ids.rude!;
    expect(await claimedBy(ben.token, id)).toBeNull();
    const res = await claim(mia.token, id);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id, ttlSeconds: 1, claimedBy: { moderatorId: mia.id, name: 'Mia' } });
    expect(await claimedBy(ben.token, id)).toMatchObject({ moderatorId: mia.id, name: 'Mia' });

    const refused = await claim(ben.token, id);
    expectProblem(refused, 409, 'already_claimed');
    expect(refused.body.claimedBy).toMatchObject({ moderatorId: mia.id, name: 'Mia' });
    // Ben's release does not remove Mia's claim; Mia renews hers.
    expect((await as(ben.token).delete(`/v1/review/items/${id}/claim`)).status).toBe(204);
    expect((await claim(mia.token, id)).status).toBe(200);
    expect(await claimedBy(ben.token, id)).toMatchObject({ name: 'Mia' });

    await new Promise((resolve) => setTimeout(resolve, 1_300));
    expect(await claimedBy(ben.token, id)).toBeNull();
    expect((await claim(ben.token, id)).body.claimedBy).toMatchObject({ moderatorId: ben.id });
  });

  it('when the holder releases an item, it is free at once', async () => {
    const id = ids.links!;
    await claim(mia.token, id);
    expect((await as(mia.token).delete(`/v1/review/items/${id}/claim`)).status).toBe(204);
    expect(await claimedBy(ben.token, id)).toBeNull();
  });

  it("when a moderator claims another site's item or a malformed id, it answers 404", async () => {
    expectProblem(await claim(mia.token, ids.other!), 404, 'not_found');
    expectProblem(await claim(mia.token, 'not-a-uuid'), 404, 'not_found');
    expectProblem(await request(t.app).post(`/v1/review/items/${ids.other}/claim`), 401, 'unauthorized');
  });
});

describe('GET /v1/review/stats over time', () => {
  it('when a range and bucket are given, it answers verdicts, decisions per moderator, the median time to decision and check firings per bucket', async () => {
    const decided = await as(mia.token).post(`/v1/review/items/${ids.both}/decision`, {
      action: 'reject',
      version: 2,
    });
    expect(decided.status).toBe(200);
    const now = new Date();
    const from = new Date(now.getTime() - 3 * 3_600_000).toISOString();
    const to = new Date(now.getTime() + 3_600_000).toISOString();
    const res = await as(mia.token).get('/v1/review/stats', { from, to, bucket: 'hour' });
    expect(res.status).toBe(200);
    expect(res.body.counts).toEqual({
      queued: 0,
      pending_review: 2,
      approved: 0,
      rejected: 1,
      appealed: 0,
      deleted: 0,
    });
    expect(res.body.range).toEqual({ from, to, bucket: 'hour' });
    expect(res.body.series.length).toBeGreaterThanOrEqual(4);
    const total = (key: 'verdicts' | 'decisions', status: string) =>
      res.body.series.reduce(
        (sum: number, bucket: Record<string, Record<string, number>>) => sum + (bucket[key]![status] ?? 0),
        0,
      );
    // Site A only (Mia's): three held by the worker, one rejected by Mia.
    expect(total('verdicts', 'pending_review')).toBe(3);
    expect(total('decisions', 'rejected')).toBe(1);
    expect(res.body.moderators).toEqual([
      { moderatorId: mia.id, name: 'Mia', approved: 0, rejected: 1, total: 1 },
    ]);
    expect(res.body.medianSecondsToDecision).toBeGreaterThan(0);
    expect(res.body.medianSecondsToDecision).toBeLessThan(120);
    expect(res.body.checks).toEqual([
      { check: 'test_codes', code: 'links', count: 2 },
      { check: 'test_codes', code: 'rude', count: 2 },
    ]);
    const fired = res.body.series.reduce(
      (sum: number, bucket: { checks: Record<string, number> }) => sum + (bucket.checks.test_codes ?? 0),
      0,
    );
    expect(fired).toBe(3);
  });

  it('when asked without a range, it answers the counts only, as before', async () => {
    const res = await as(ADMIN_TOKEN).get('/v1/review/stats');
    expect(Object.keys(res.body)).toEqual(['counts']);
  });

  it('when the range is backwards or has too many buckets, or names a foreign site, it is refused', async () => {
    const backwards = await as(ADMIN_TOKEN).get('/v1/review/stats', {
      from: '2025-02-01T00:00:00Z',
      to: '2025-01-01T00:00:00Z',
    });
    expect(expectValidationPaths(backwards)).toEqual(['query.from']);
    const huge = await as(ADMIN_TOKEN).get('/v1/review/stats', {
      from: '2024-01-01T00:00:00Z',
      to: '2025-01-01T00:00:00Z',
      bucket: 'hour',
    });
    expect(expectValidationPaths(huge)).toEqual(['query.bucket']);
    expect(expectValidationPaths(await as(ADMIN_TOKEN).get('/v1/review/stats', { bucket: 'week' }))).toEqual([
      'query.bucket',
    ]);
    expectProblem(
      await as(mia.token).get('/v1/review/stats', { siteId: siteB, bucket: 'day' }),
      403,
      'forbidden',
    );
  });
});

describe('directory and policy audit', () => {
  it('when a moderator asks, the directory names only their sites and colleagues, never secrets', async () => {
    await createModeratorViaApi(t.app, { name: 'Bea', siteIds: [siteB] });
    const res = await as(mia.token).get('/v1/review/directory');
    // The thresholds let the dashboard say how close a score is to review or rejection.
    expect(res.body.sites).toEqual([{ id: siteA, name: 'A', reviewThreshold: 3, rejectThreshold: 9 }]);
    expect(res.body.moderators.map((m: { name: string }) => m.name).sort()).toEqual(['Ben', 'Mia']);
    expect(JSON.stringify(res.body)).not.toMatch(/token|key|secret|policy/i);
  });

  it('when policies change, the audit lists the changes of the reader’s sites, filtered by site, moderator and time', async () => {
    const before = new Date().toISOString();
    for (const [site, threshold] of [
      [siteA, 4],
      [siteB, 5],
    ] as const) {
      const res = await request(t.app)
        .patch(`/v1/sites/${site}`)
        .set('authorization', bearer(ADMIN_TOKEN))
        .send({ policy: { reviewThreshold: threshold } });
      expect(res.status).toBe(200);
    }
    const mine = await as(mia.token).get('/v1/audit/policy-changes');
    expect(
      mine.body.items.map((c: { siteId: string; after: { reviewThreshold: number } }) => [
        c.siteId,
        c.after.reviewThreshold,
      ]),
    ).toEqual([[siteA, 4]]);
    const all = await as(ADMIN_TOKEN).get('/v1/audit/policy-changes', { since: before });
    expect(all.body.items).toHaveLength(2);
    expect((await as(ADMIN_TOKEN).get('/v1/audit/policy-changes', { until: before })).body.items).toEqual([]);
    expect(
      (await as(ADMIN_TOKEN).get('/v1/audit/policy-changes', { moderatorId: mia.id })).body.items,
    ).toEqual([]);
    expectProblem(await as(mia.token).get('/v1/audit/policy-changes', { siteId: siteB }), 403, 'forbidden');
  });
});

describe('security headers', () => {
  it('when any route answers, helmet’s headers and the strict CSP come with it; the docs page keeps its own', async () => {
    const res = await as(mia.token).get('/v1/review/queue');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(res.headers['content-security-policy']).toMatch(
      /default-src 'self';.*script-src 'self';.*object-src 'none';.*base-uri 'none';.*frame-ancestors 'none'/,
    );
    const docs = await request(t.app).get('/docs');
    expect(docs.headers['content-security-policy']).toMatch(/^default-src 'none'/);
  });
});
