import request from 'supertest';
import { createModeratorViaApi, createSiteViaApi } from '../helpers/fixtures';
import { createTestModerator } from '../helpers/moderation';
import { createTestApp, createTestEnv, type TestApp, type TestEnv } from '../helpers/test-env';

let env: TestEnv;
let t: TestApp;
let moderate: ReturnType<typeof createTestModerator>;
beforeAll(async () => {
  env = await createTestEnv();
  t = createTestApp(env);
  await t.ready;
  moderate = createTestModerator(env);
});
afterAll(async () => {
  await t.close();
  await env.cleanup();
});

const spam = [
  'Grow your followers fast with our promo service, cheap packages for every budget',
  'Our promo service grows followers overnight, cheap packages, real accounts only',
  'Cheap followers and likes from our promo service, packages start today',
  'Want followers? Our promo service has cheap packages with instant delivery',
  'Promo service for followers and likes, cheap packages, instant start',
  'Best promo service for cheap followers, packages for creators of every size',
];
const ham = [
  'The mayor should publish the full budget before the council votes next week',
  'I grew up near that river and the flooding has been getting worse every year',
  'Great reporting, though the chart in the second section has the years swapped',
  'My daughter attends that school and the new schedule works well for families',
  'The council vote was close; I hope they revisit the bridge repair plan soon',
  'Thanks for covering the library hours, the weekend closures hurt students',
];

async function submit(apiKey: string, id: string, content: string) {
  const res = await request(t.app)
    .post('/v1/comments')
    .set('authorization', `Bearer ${apiKey}`)
    .send({ id, content });
  await moderate(res.body.id);
  return res.body.id as string;
}

const counts = async () =>
  (await env.pool.query("SELECT scope, spam, ham FROM classifier_docs WHERE scope <> 'global'")).rows;

it('when moderators reject spam and approve ham, a similar new spam comment is held by the classifier', async () => {
  const site = await createSiteViaApi(t.app);
  const moderator = await createModeratorViaApi(t.app, { name: 'Mo', siteIds: [site.id] });
  await submit(site.apiKey, 'probe-before', 'Cheap promo service: followers and likes packages for you');
  const first = await request(t.app)
    .get(`/v1/comments/probe-before`)
    .set('authorization', `Bearer ${site.apiKey}`);
  expect(first.body.status).toBe('approved');

  for (const [i, text] of spam.entries()) {
    const id = await submit(site.apiKey, `spam-${i}`, text);
    const item = await request(t.app)
      .get(`/v1/review/items/${id}`)
      .set('authorization', `Bearer ${moderator.token}`);
    const decided = await request(t.app)
      .post(`/v1/review/items/${id}/decision`)
      .set('authorization', `Bearer ${moderator.token}`)
      .send({ action: 'reject', version: item.body.version });
    expect(decided.status).toBe(200);
  }
  for (const [i, text] of ham.entries()) {
    await submit(site.apiKey, `ham-${i}`, text);
    // Approved automatically: the site confirms through feedback, which teaches ham.
    const res = await request(t.app)
      .post(`/v1/comments/ham-${i}/feedback`)
      .set('authorization', `Bearer ${site.apiKey}`)
      .send({ label: 'ham' });
    expect(res.status).toBe(200);
  }
  expect(await counts()).toEqual([{ scope: site.id, spam: 6, ham: 6 }]);

  await submit(site.apiKey, 'probe-after', 'Cheap promo service: followers and likes packages for you');
  const after = await request(t.app)
    .get(`/v1/comments/probe-after`)
    .set('authorization', `Bearer ${site.apiKey}`);
  expect(after.body.status).not.toBe('approved');
  expect(after.body.verdict.signals.map((s: { code: string }) => s.code)).toContain('bayes_spam');
});

it('when the site sends the same feedback twice, or changes its mind, the counts move but never double', async () => {
  const site = await createSiteViaApi(t.app, { name: 'Other' });
  await submit(site.apiKey, 'f1', 'An ordinary remark about the weather and the football match');
  const send = (label: string) =>
    request(t.app)
      .post('/v1/comments/f1/feedback')
      .set('authorization', `Bearer ${site.apiKey}`)
      .send({ label });
  const siteCounts = async () =>
    (await env.pool.query('SELECT spam, ham FROM classifier_docs WHERE scope = $1', [site.id])).rows[0];

  expect((await send('spam')).body).toMatchObject({ status: 'rejected', version: 3 });
  expect((await send('spam')).body).toMatchObject({ status: 'rejected', version: 3 });
  expect(await siteCounts()).toEqual({ spam: 1, ham: 0 });
  expect((await send('ham')).body).toMatchObject({ status: 'approved', version: 4 });
  expect(await siteCounts()).toEqual({ spam: 0, ham: 1 });

  const decisions = await env.pool.query(
    "SELECT decided_by, to_status FROM decisions d JOIN comments c ON c.id = d.comment_id WHERE c.external_id = 'f1' ORDER BY d.version",
  );
  expect(decisions.rows).toEqual([
    { decided_by: 'auto', to_status: 'approved' },
    { decided_by: 'site', to_status: 'rejected' },
    { decided_by: 'site', to_status: 'approved' },
  ]);
});

it('refuses feedback with a bad label, or for a comment the site does not have', async () => {
  const site = await createSiteViaApi(t.app, { name: 'Third' });
  const bad = await request(t.app)
    .post('/v1/comments/nope/feedback')
    .set('authorization', `Bearer ${site.apiKey}`)
    .send({ label: 'maybe' });
  expect(bad.status).toBe(400);
  expect(bad.body.errors).toEqual([expect.objectContaining({ path: 'body.label' })]);
  const missing = await request(t.app)
    .post('/v1/comments/nope/feedback')
    .set('authorization', `Bearer ${site.apiKey}`)
    .send({ label: 'spam' });
  expect(missing.status).toBe(404);
});
