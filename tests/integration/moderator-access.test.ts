import request from 'supertest';
import { ADMIN_TOKEN, createTestApp, createTestEnv, type TestApp, type TestEnv } from '../helpers/test-env';
import { createModeratorViaApi, createSiteViaApi } from '../helpers/fixtures';
import { bearer, expectProblem } from '../helpers/problems';

let env: TestEnv;
let t: TestApp;
let siteId: string;

beforeAll(async () => {
  env = await createTestEnv();
  t = createTestApp(env);
  await t.ready;
  siteId = (await createSiteViaApi(t.app, { name: 'A' })).id;
});
afterAll(async () => {
  await t.close();
  await env.cleanup();
});

const PASSWORD = 'a long enough password';
const admin = (method: 'patch' | 'delete' | 'post', path: string, token = ADMIN_TOKEN) =>
  request(t.app)[method](path).set('authorization', bearer(token));
const queueWith = (token: string) =>
  request(t.app).get('/v1/review/queue').set('authorization', bearer(token));
const signIn = (name: string) => request(t.app).post('/v1/session').send({ name, password: PASSWORD });
const listed = async () =>
  (
    (await request(t.app).get('/v1/moderators').set('authorization', bearer(ADMIN_TOKEN))).body
      .items as Array<{
      name: string;
      disabledAt: string | null;
    }>
  ).map((m) => [m.name, m.disabledAt !== null]);
async function moderatorWithSession(name: string) {
  const made = await createModeratorViaApi(t.app, { name, siteIds: [siteId] });
  await admin('patch', `/v1/moderators/${made.id}`).send({ password: PASSWORD });
  const session = await signIn(name);
  return { ...made, cookie: session.headers['set-cookie'] as unknown as string[] };
}
const sessionWorks = async (cookie: string[]) =>
  (await request(t.app).get('/v1/session').set('Cookie', cookie)).body.signedIn as boolean;

describe('disabling, removing a moderator and resetting a token', () => {
  it('a disabled moderator is signed out and refused until enabled again', async () => {
    const kim = await moderatorWithSession('Kim');
    const res = await admin('patch', `/v1/moderators/${kim.id}`).send({ disabled: true });
    expect(res.status).toBe(200);
    expect(res.body.disabledAt).toEqual(expect.any(String));
    expect(await sessionWorks(kim.cookie)).toBe(false);
    expectProblem(await queueWith(kim.token), 401, 'unauthorized');
    expectProblem(await signIn('Kim'), 401, 'invalid_credentials');
    expect(await listed()).toContainEqual(['Kim', true]);

    expect(
      (await admin('patch', `/v1/moderators/${kim.id}`).send({ disabled: false })).body.disabledAt,
    ).toBeNull();
    expect((await queueWith(kim.token)).status).toBe(200);
    expect((await signIn('Kim')).status).toBe(201);
  });

  it('a removed moderator can no longer sign in or use the token, leaves the list, and keeps their name in the directory', async () => {
    const rex = await moderatorWithSession('Rex');
    expect((await admin('delete', `/v1/moderators/${rex.id}`)).status).toBe(204);
    expect(await sessionWorks(rex.cookie)).toBe(false);
    expectProblem(await queueWith(rex.token), 401, 'unauthorized');
    expectProblem(await signIn('Rex'), 401, 'invalid_credentials');
    expect((await listed()).map(([name]) => name)).not.toContain('Rex');
    const directory = await request(t.app)
      .get('/v1/review/directory')
      .set('authorization', bearer(ADMIN_TOKEN));
    expect(directory.body.moderators).toContainEqual({
      id: rex.id,
      name: 'Rex',
      role: 'moderator',
      active: false,
    });
    expectProblem(await admin('delete', `/v1/moderators/${rex.id}`), 404, 'not_found');
    expectProblem(
      await admin('patch', `/v1/moderators/${rex.id}`).send({ disabled: false }),
      404,
      'not_found',
    );
  });

  it('a reset token replaces the old one at once and signs the moderator out', async () => {
    const lou = await moderatorWithSession('Lou');
    const res = await admin('post', `/v1/moderators/${lou.id}/reset-token`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ id: lou.id, token: expect.stringMatching(/^mt_/) });
    expectProblem(await queueWith(lou.token), 401, 'unauthorized');
    expect((await queueWith(res.body.token)).status).toBe(200);
    expect(await sessionWorks(lou.cookie)).toBe(false);
  });

  it('an admin cannot disable or remove themselves; a moderator cannot do any of it', async () => {
    const boss = await createModeratorViaApi(t.app, { name: 'Boss', role: 'admin' });
    const mod = await createModeratorViaApi(t.app, { name: 'Mo', siteIds: [siteId] });
    expectProblem(await admin('delete', `/v1/moderators/${boss.id}`, boss.token), 409, 'cannot_change_self');
    expectProblem(
      await admin('patch', `/v1/moderators/${boss.id}`, boss.token).send({ disabled: true }),
      409,
      'cannot_change_self',
    );
    expectProblem(await admin('post', `/v1/moderators/${boss.id}/reset-token`, mod.token), 403, 'forbidden');
    expectProblem(await admin('delete', `/v1/moderators/not-an-id`), 404, 'not_found');
  });
});
