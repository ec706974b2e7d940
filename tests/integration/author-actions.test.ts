import request from 'supertest';
import { ADMIN_TOKEN, createTestApp, createTestEnv, type TestApp, type TestEnv } from '../helpers/test-env';
import { createModeratorViaApi, createSiteViaApi } from '../helpers/fixtures';
import { createTestModerator, submitAndModerate } from '../helpers/moderation';
import { bearer, countRows, expectProblem, expectValidationPaths } from '../helpers/problems';

/**
 * Acting on an author (keyed by the author key) with the real checks and policy: the standing acts
 * on the author's next comments as a hard signal with its reason, every action is audited, and a
 * moderator reaches only the authors of their own sites.
 */
let env: TestEnv;
let t: TestApp;
let moderate: ReturnType<typeof createTestModerator>;
let site: Awaited<ReturnType<typeof createSiteViaApi>>;
let other: Awaited<ReturnType<typeof createSiteViaApi>>;
let mia: { id: string; token: string };
let bea: { id: string; token: string };

beforeAll(async () => {
  env = await createTestEnv({ CALLBACK_ALLOW_HOSTS: '127.0.0.1' });
  t = createTestApp(env);
  await t.ready;
  moderate = createTestModerator(env);
  site = await createSiteViaApi(t.app, { name: 'Authors', callbackUrl: 'http://127.0.0.1:9/hook' });
  other = await createSiteViaApi(t.app, { name: 'Elsewhere' });
  mia = await createModeratorViaApi(t.app, { name: 'Mia', siteIds: [site.id] });
  bea = await createModeratorViaApi(t.app, { name: 'Bea', siteIds: [other.id] });
});
afterAll(async () => {
  await t.close();
  await env.cleanup();
});

let n = 0;
/** Posts a comment by the author and moderates it; returns it as the site reads it. */
const comment = async (
  authorId: string,
  content = 'A calm and ordinary remark.',
  apiKey = site.apiKey,
  extra = {},
) => {
  const externalId = `c-${++n}`;
  await submitAndModerate(t.app, moderate, apiKey, {
    id: externalId,
    content,
    author: { id: authorId, ...extra },
  });
  return (await request(t.app).get(`/v1/comments/${externalId}`).set('authorization', bearer(apiKey))).body;
};
const act = (authorKey: string, body: object, token = mia.token) =>
  request(t.app)
    .post(`/v1/authors/${encodeURIComponent(authorKey)}/actions`)
    .set('authorization', bearer(token))
    .send(body);
const author = (authorKey: string, siteId = site.id, token = mia.token) =>
  request(t.app)
    .get(`/v1/authors/${encodeURIComponent(authorKey)}`)
    .query({ siteId })
    .set('authorization', bearer(token));
const inAnHour = () => new Date(Date.now() + 3_600_000).toISOString();
const codesOf = (view: { verdict: { signals: Array<{ code: string }> } }) =>
  view.verdict.signals.map((s) => s.code);

describe('author actions', () => {
  it("a ban rejects the author's next comment as a hard signal with the moderator's reason; the audit says who, when, why", async () => {
    expect((await comment('troll')).status).toBe('approved');
    const res = await act('id:troll', { siteId: site.id, action: 'ban', reason: 'slurs in three threads' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      action: { action: 'ban', authorKey: 'id:troll', moderatorId: mia.id, reason: 'slurs in three threads' },
      standing: { kind: 'banned', until: null, reason: 'slurs in three threads' },
    });
    const next = await comment('troll');
    expect(next).toMatchObject({ status: 'rejected', reason: { code: 'banned' } });
    expect(next.verdict.signals).toContainEqual(
      expect.objectContaining({
        code: 'author_banned',
        force: 'reject',
        message: 'The author is banned: slurs in three threads',
      }),
    );
    const view = await author('id:troll');
    expect(view.status).toBe(200);
    expect(view.body).toMatchObject({
      siteId: site.id,
      authorKey: 'id:troll',
      standing: { kind: 'banned' },
      counts: { approved: 1, rejected: 1 },
      actions: [
        expect.objectContaining({ action: 'ban', moderatorId: mia.id, createdAt: expect.any(String) }),
      ],
    });
    // Clearing lifts it.
    await act('id:troll', { siteId: site.id, action: 'clear', reason: 'apologised' });
    expect((await comment('troll')).status).toBe('approved');
    expect((await author('id:troll')).body.standing).toBeNull();
  });

  it('a suspension rejects until its end; it needs an end in the future', async () => {
    expectValidationPaths(await act('id:hothead', { siteId: site.id, action: 'suspend', reason: 'x' }));
    const past = await act('id:hothead', {
      siteId: site.id,
      action: 'suspend',
      reason: 'x',
      until: '2020-01-01T00:00:00Z',
    });
    expect(expectValidationPaths(past)).toEqual(['body.until']);
    const until = inAnHour();
    expect(
      (await act('id:hothead', { siteId: site.id, action: 'suspend', until, reason: 'cool off' })).status,
    ).toBe(201);
    const next = await comment('hothead');
    expect(next).toMatchObject({ status: 'rejected', reason: { code: 'suspended' } });
    expect(codesOf(next)).toContain('author_suspended');
    expect((await author('id:hothead')).body.standing).toMatchObject({ kind: 'suspended', until });
  });

  it('premoderation holds even a clean comment; trust keeps a spammy one from being rejected', async () => {
    await act('id:watched', { siteId: site.id, action: 'premoderate', reason: 'new account, many links' });
    expect(await comment('watched')).toMatchObject({
      status: 'pending_review',
      reason: { code: 'premoderated' },
    });

    const spam =
      'FREE iPhone!!! Click http://bit.ly/win-now and WhatsApp me at +1 555 0100 to claim your prize';
    expect((await comment('staff', spam)).status).toBe('rejected');
    await act('id:staff', { siteId: site.id, action: 'trust', reason: 'our own editor' });
    const trusted = await comment('staff', spam);
    expect(trusted.status).toBe('pending_review');
    expect(codesOf(trusted)).toContain('trusted_by_moderator');
  });

  it('"reject everything pending" rejects the author\'s waiting comments as one audited action, with callbacks', async () => {
    await act('id:flooder', { siteId: site.id, action: 'premoderate', reason: 'flood' });
    const held = [await comment('flooder'), await comment('flooder')];
    expect(held.map((one) => one.status)).toEqual(['pending_review', 'pending_review']);
    const approvedBefore = await comment('other-reader');
    const res = await act('id:flooder', {
      siteId: site.id,
      action: 'reject_pending',
      reason: 'flooding the thread',
      reasonCode: 'duplicate',
    });
    expect(res.status).toBe(201);
    expect(res.body.action).toMatchObject({ action: 'reject_pending', affected: 2 });
    for (const one of held) {
      const { rows } = await env.pool.query(
        'SELECT c.status, c.reason, d.decided_by, d.moderator_id, d.note FROM comments c JOIN decisions d ON d.comment_id = c.id AND d.version = c.version WHERE c.id = $1',
        [one.id],
      );
      expect(rows[0]).toMatchObject({
        status: 'rejected',
        reason: { code: 'duplicate' },
        decided_by: 'moderator',
        moderator_id: mia.id,
        note: 'flooding the thread',
      });
      expect(
        await countRows(env.pool, 'deliveries', 'comment_id = $1 AND version = $2', [
          one.id,
          one.version + 1,
        ]),
      ).toBe(1);
    }
    expect(
      (
        await request(t.app)
          .get(`/v1/comments/${approvedBefore.externalId}`)
          .set('authorization', bearer(site.apiKey))
      ).body.status,
    ).toBe('approved');
    const again = await act('id:flooder', { siteId: site.id, action: 'reject_pending', reason: 'again' });
    expect(again.body.action.affected).toBe(0);
  });

  it('a site that holds new authors holds their first comments until one is approved', async () => {
    const strict = await createSiteViaApi(t.app, { name: 'Strict', policy: { holdFirst: 2 } });
    const first = await comment('newbie', 'Hello, first time here.', strict.apiKey);
    expect(first).toMatchObject({ status: 'pending_review', reason: { code: 'new_author' } });
    const approve = await request(t.app)
      .post(`/v1/review/items/${first.id}/decision`)
      .set('authorization', bearer(ADMIN_TOKEN))
      .send({ action: 'approve', version: first.version });
    expect(approve.status).toBe(200);
    expect((await comment('newbie', 'Back again.', strict.apiKey)).status).toBe('approved');
    expect((await comment('stranger', 'Hi.', strict.apiKey)).status).toBe('pending_review');
  });

  it('block lists reject e-mail domains and IP networks', async () => {
    const blocking = await createSiteViaApi(t.app, {
      name: 'Blocking',
      policy: { blockedEmailDomains: ['spam.example'], blockedNetworks: ['198.51.100.0/24'] },
    });
    const byMail = await comment('m1', 'Hi.', blocking.apiKey, { email: 'bot@spam.example' });
    expect(byMail).toMatchObject({ status: 'rejected', reason: { code: 'blocked' } });
    const byIp = await comment('m2', 'Hi.', blocking.apiKey, { ip: '198.51.100.77' });
    expect(byIp).toMatchObject({ status: 'rejected', reason: { code: 'blocked' } });
    expect(codesOf(byIp)).toContain('blocked_network');
    expect((await comment('m3', 'Hi.', blocking.apiKey, { ip: '203.0.113.5' })).status).toBe('approved');
  });
});

describe('who may act on which author', () => {
  it("a moderator of another site neither reads nor acts on this site's authors", async () => {
    expectProblem(await author('id:troll', site.id, bea.token), 403, 'forbidden');
    const res = await act('id:troll', { siteId: site.id, action: 'trust', reason: 'mine now' }, bea.token);
    expectProblem(res, 403, 'forbidden');
    expect((await author('id:troll')).body.standing).toBeNull();
    const audit = (query: object, token: string) =>
      request(t.app).get('/v1/audit/author-actions').query(query).set('authorization', bearer(token));
    expectProblem(await audit({ siteId: site.id }, bea.token), 403, 'forbidden');
    expect((await audit({}, bea.token)).body.items).toEqual([]);
    const mine = await audit({ authorKey: 'id:troll' }, mia.token);
    expect(mine.body.items.map((a: { action: string }) => a.action)).toEqual(['clear', 'ban']);
  });

  it('refuses malformed keys, missing sites and bad bodies', async () => {
    expectProblem(await author('nobody'), 404, 'not_found');
    const noSite = await request(t.app).get('/v1/authors/id%3Ax').set('authorization', bearer(mia.token));
    expect(expectValidationPaths(noSite)).toEqual(['query.siteId']);
    const bad = await act('id:x', { siteId: 'nope', action: 'smite', reason: '', extra: 1 });
    expect(expectValidationPaths(bad)).toEqual(['body.action', 'body.extra', 'body.reason', 'body.siteId']);
    const untilNotSuspend = await act('id:x', {
      siteId: site.id,
      action: 'ban',
      reason: 'r',
      until: inAnHour(),
    });
    expect(expectValidationPaths(untilNotSuspend)).toEqual(['body.until']);
    expectProblem(
      await request(t.app).get('/v1/authors/id%3Ax').query({ siteId: site.id }),
      401,
      'unauthorized',
    );
    expect(await countRows(env.pool, 'author_actions', "author_key = 'id:x'")).toBe(0);
  });
});
