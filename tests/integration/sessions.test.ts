import request from 'supertest';
import { createTestApp, createTestEnv, type TestApp, type TestEnv } from '../helpers/test-env';
import { createSiteViaApi } from '../helpers/fixtures';
import { createTestModerator, scored, scoredByMarker, submitAndModerate } from '../helpers/moderation';
import { bearer, countRows, expectProblem, expectValidationPaths } from '../helpers/problems';
import { ADMIN_TOKEN } from '../helpers/test-env';

const PASSWORD = 'a long enough password';
let env: TestEnv;
let t: TestApp;
let siteId: string;
let mia: { id: string; token: string };
let heldId: string;

beforeAll(async () => {
  env = await createTestEnv({
    LOGIN_ATTEMPTS_PER_15_MIN: '3',
    LOGIN_ATTEMPTS_PER_ADDRESS: '7',
    SESSION_TTL_SECONDS: '600',
  });
  t = createTestApp(env);
  await t.ready;
  const site = await createSiteViaApi(t.app, { name: 'Sessions' });
  siteId = site.id;
  mia = await admin('post', '/v1/moderators', { name: 'Mia', siteIds: [siteId], password: PASSWORD }).then(
    (res) => res.body,
  );
  heldId = await submitAndModerate(t.app, createTestModerator(env, scoredByMarker), site.apiKey, {
    id: 's-1',
    content: scored(4),
  });
});
afterAll(async () => {
  await t.close();
  await env.cleanup();
});

function admin(method: 'post' | 'patch', path: string, body: object) {
  return request(t.app)[method](path).set('authorization', bearer(ADMIN_TOKEN)).send(body);
}
const signIn = (body: object, headers: Record<string, string> = {}) =>
  request(t.app).post('/v1/session').set(headers).send(body);
const cookieOf = (res: request.Response) =>
  (res.headers['set-cookie'] as unknown as string[] | undefined)?.[0] ?? '';
/** Signs Mia in; returns the cookie to send back and the CSRF token. */
async function session(password = PASSWORD) {
  const res = await signIn({ name: 'mia', password });
  expect(res.status).toBe(201);
  return { cookie: cookieOf(res).split(';')[0]!, csrf: res.body.csrfToken as string };
}
const storedStatus = async (id: string) =>
  (await env.pool.query('SELECT status, version FROM comments WHERE id = $1', [id])).rows[0];

describe('POST /v1/session (sign-in)', () => {
  it('when the name (any case) and password match, it opens a session in an HttpOnly, SameSite=Strict, expiring cookie', async () => {
    const res = await signIn({ name: 'MIA', password: PASSWORD });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      moderator: { id: mia.id, name: 'Mia', role: 'moderator', siteIds: [siteId] },
    });
    expect(res.body.csrfToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(res.headers['cache-control']).toBe('no-store');
    const cookie = cookieOf(res);
    expect(cookie).toMatch(
      /^cm_session=[A-Za-z0-9_-]{43}; Path=\/; Expires=[^;]+; HttpOnly; SameSite=Strict$/,
    );
    const expires = new Date(/Expires=([^;]+)/.exec(cookie)![1]!).getTime();
    expect(Math.abs(expires - (Date.now() + 600_000))).toBeLessThan(5_000);
    // Only the SHA-256 of the session id is stored.
    const id = /cm_session=([^;]+)/.exec(cookie)![1]!;
    expect(await countRows(env.pool, 'sessions', "id_hash = sha256(convert_to($1, 'UTF8'))", [id])).toBe(1);
    expect(
      await countRows(env.pool, 'sessions', "encode(id_hash, 'escape') LIKE '%' || $1 || '%'", [id]),
    ).toBe(0);
  });

  it('when the api is reached over https through a proxy on loopback, the cookie is Secure', async () => {
    const res = await signIn({ name: 'Mia', password: PASSWORD }, { 'x-forwarded-proto': 'https' });
    expect(cookieOf(res)).toMatch(/; Secure; SameSite=Strict$/);
  });

  it('when the password is wrong or the name unknown, it answers 401 the same way and sets no cookie', async () => {
    for (const body of [
      { name: 'Mia', password: 'wrong password!' },
      { name: 'Nobody', password: PASSWORD },
    ]) {
      const res = await signIn(body);
      expectProblem(res, 401, 'invalid_credentials');
      expect(res.headers['set-cookie']).toBeUndefined();
    }
  });

  it("when a moderator's token is sent, it signs them in; the operator's ADMIN_TOKEN does not", async () => {
    expect((await signIn({ token: mia.token })).body.moderator.id).toBe(mia.id);
    const res = await signIn({ token: ADMIN_TOKEN });
    expectProblem(res, 401, 'invalid_credentials');
    expect(res.body.detail).toMatch(/admin moderator/);
  });

  it('when the body mixes or lacks credentials, it answers 400', async () => {
    expectValidationPaths(await signIn({ name: 'Mia' }));
    expectValidationPaths(await signIn({ name: 'Mia', password: PASSWORD, token: mia.token }));
    expect(expectValidationPaths(await signIn({ name: 'Mia', password: PASSWORD, remember: true }))).toEqual([
      'body.remember',
    ]);
  });

  it('when a name has failed too often, the right password from the address that failed is refused (429)', async () => {
    await admin('post', '/v1/moderators', { name: 'Target', password: PASSWORD });
    const from = { 'x-forwarded-for': '198.51.100.1' };
    for (let attempt = 0; attempt < 3; attempt++) {
      expectProblem(
        await signIn({ name: 'Target', password: `guess number ${attempt}` }, from),
        401,
        'invalid_credentials',
      );
    }
    const res = await signIn({ name: 'target', password: PASSWORD }, from);
    expectProblem(res, 429, 'rate_limited');
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('when someone else has used up a name, its moderator still signs in from an address that has not failed', async () => {
    await admin('post', '/v1/moderators', { name: 'Locked out', password: PASSWORD });
    const attacker = { 'x-forwarded-for': '198.51.100.2' };
    for (let attempt = 0; attempt < 3; attempt++)
      expect((await signIn({ name: 'Locked out', password: `guess ${attempt}` }, attacker)).status).toBe(401);
    expectProblem(await signIn({ name: 'Locked out', password: 'guess 4' }, attacker), 429, 'rate_limited');

    const res = await signIn(
      { name: 'Locked out', password: PASSWORD },
      { 'x-forwarded-for': '203.0.113.9' },
    );
    expect(res.status).toBe(201);
    expect(res.body.moderator.name).toBe('Locked out');
    // Another fresh address gets one guess for the locked name, and no second.
    const other = { 'x-forwarded-for': '192.0.2.44' };
    expectProblem(
      await signIn({ name: 'Locked out', password: 'guess 5' }, other),
      401,
      'invalid_credentials',
    );
    expectProblem(await signIn({ name: 'Locked out', password: PASSWORD }, other), 429, 'rate_limited');
  });

  it('when a moderator mistyped once and then signed in, a later lock on their name still lets them in', async () => {
    await admin('post', '/v1/moderators', { name: 'Typist', password: PASSWORD });
    const own = { 'x-forwarded-for': '203.0.113.20' };
    expectProblem(
      await signIn({ name: 'Typist', password: 'a typo in it' }, own),
      401,
      'invalid_credentials',
    );
    expect((await signIn({ name: 'Typist', password: PASSWORD }, own)).status).toBe(201);
    const attacker = { 'x-forwarded-for': '198.51.100.3' };
    for (let attempt = 0; attempt < 3; attempt++)
      await signIn({ name: 'Typist', password: `guess ${attempt}` }, attacker);
    expectProblem(await signIn({ name: 'Typist', password: 'guess 4' }, attacker), 429, 'rate_limited');
    expect((await signIn({ name: 'Typist', password: PASSWORD }, own)).status).toBe(201);
  });

  it('when 60 wrong passwords for one name arrive at once, only the allowed attempts are checked and the rest get 429', async () => {
    await admin('post', '/v1/moderators', { name: 'Raced', password: PASSWORD });
    const server = t.app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    try {
      const statuses = await Promise.all(
        Array.from({ length: 60 }, (_, i) =>
          request(server)
            .post('/v1/session')
            .set('x-forwarded-for', '198.51.100.60')
            .send({ name: 'Raced', password: `concurrent guess ${i}` })
            .then((res) => res.status),
        ),
      );
      expect(statuses.filter((status) => status === 401)).toHaveLength(3);
      expect(statuses.filter((status) => status === 429)).toHaveLength(57);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('when one address tries many unknown names, it is refused after its own limit, and other addresses are not', async () => {
    const scanner = { 'x-forwarded-for': '2001:db8:1:2::7' };
    const sameNetwork = { 'x-forwarded-for': '2001:db8:1:2::8' };
    for (let i = 0; i < 7; i++) {
      const res = await signIn({ name: `unknown ${i}`, password: PASSWORD }, i % 2 ? sameNetwork : scanner);
      expectProblem(res, 401, 'invalid_credentials');
    }
    expectProblem(await signIn({ name: 'unknown 8', password: PASSWORD }, scanner), 429, 'rate_limited');
    expectProblem(await signIn({ name: 'Mia', password: PASSWORD }, sameNetwork), 429, 'rate_limited');
    const res = await signIn(
      { name: 'unknown 9', password: PASSWORD },
      { 'x-forwarded-for': '2001:db8:1:3::7' },
    );
    expectProblem(res, 401, 'invalid_credentials');
  });
});

describe('the session cookie on the review API', () => {
  it('when a GET carries the cookie, it is authenticated as the moderator, with their sites only', async () => {
    const { cookie } = await session();
    const res = await request(t.app).get('/v1/review/queue').set('cookie', cookie);
    expect(res.status).toBe(200);
    expect(res.body.items.map((item: { id: string }) => item.id)).toEqual([heldId]);
    expect((await request(t.app).get('/v1/session').set('cookie', cookie)).body.moderator.name).toBe('Mia');
  });

  it('when a state-changing request carries the cookie without the CSRF token, it is refused and nothing changes', async () => {
    const { cookie, csrf } = await session();
    const decide = (headers: Record<string, string>) =>
      request(t.app)
        .post(`/v1/review/items/${heldId}/decision`)
        .set({ cookie, ...headers })
        .send({ action: 'reject', version: 2 });
    expectProblem(await decide({}), 403, 'csrf_failed');
    expectProblem(await decide({ 'x-csrf-token': `${csrf.slice(1)}x` }), 403, 'csrf_failed');
    expect(await storedStatus(heldId)).toEqual({ status: 'pending_review', version: 2 });
    expect((await decide({ 'x-csrf-token': csrf })).status).toBe(200);
    expect(await storedStatus(heldId)).toEqual({ status: 'rejected', version: 3 });
  });

  it('when a bearer token is sent, no CSRF token is needed (browsers never attach one on their own)', async () => {
    const res = await request(t.app)
      .post(`/v1/review/items/${heldId}/decision`)
      .set('authorization', bearer(mia.token))
      .send({ action: 'approve', version: 3 });
    expect(res.status).toBe(200);
  });

  it('when the session expired, the cookie no longer works', async () => {
    const { cookie } = await session();
    await env.pool.query(`UPDATE sessions SET expires_at = now() - interval '1 second'`);
    expectProblem(await request(t.app).get('/v1/review/queue').set('cookie', cookie), 401, 'unauthorized');
    // "Am I signed in?" answers no without an error, so a page that asks logs none.
    const answer = await request(t.app).get('/v1/session').set('cookie', cookie);
    expect({ status: answer.status, body: answer.body }).toEqual({
      status: 200,
      body: { signedIn: false },
    });
  });

  it('when a moderator signs out, the session is deleted and the cookie cleared', async () => {
    const { cookie, csrf } = await session();
    expectProblem(await request(t.app).delete('/v1/session').set('cookie', cookie), 403, 'csrf_failed');
    const res = await request(t.app).delete('/v1/session').set({ cookie, 'x-csrf-token': csrf });
    expect(res.status).toBe(204);
    expect(cookieOf(res)).toMatch(/^cm_session=; Path=\/; Expires=Thu, 01 Jan 1970/);
    expectProblem(await request(t.app).get('/v1/review/queue').set('cookie', cookie), 401, 'unauthorized');
  });
});

describe('moderator passwords', () => {
  it('when an admin sets a new password, the old one stops working and every session ends', async () => {
    const { cookie } = await session();
    const res = await admin('patch', `/v1/moderators/${mia.id}`, { password: 'the new long password' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: mia.id, name: 'Mia' });
    expect(JSON.stringify(res.body)).not.toMatch(/password|hash/i);
    expectProblem(await request(t.app).get('/v1/review/queue').set('cookie', cookie), 401, 'unauthorized');
    expectProblem(await signIn({ name: 'Mia', password: PASSWORD }), 401, 'invalid_credentials');
    expect((await signIn({ name: 'Mia', password: 'the new long password' })).status).toBe(201);
  });

  it('when a password is too short, a second moderator with a password takes a taken name, or a site is unknown, it is refused', async () => {
    expect(
      expectValidationPaths(await admin('post', '/v1/moderators', { name: 'Short', password: 'short' })),
    ).toEqual(['body.password']);
    expectProblem(
      await admin('post', '/v1/moderators', { name: 'mia', password: PASSWORD }),
      409,
      'name_taken',
    );
    // Without a password the name may repeat: such a moderator signs in with the token only.
    expect((await admin('post', '/v1/moderators', { name: 'Mia' })).status).toBe(201);
    const unknownSite = await admin('patch', `/v1/moderators/${mia.id}`, {
      siteIds: ['00000000-0000-4000-8000-000000000000'],
    });
    expect(expectValidationPaths(unknownSite)).toEqual(['body.siteIds']);
    expectProblem(
      await admin('patch', '/v1/moderators/00000000-0000-4000-8000-000000000000', { role: 'admin' }),
      404,
      'not_found',
    );
  });

  it('when a moderator (not an admin) tries to change one, it answers 403', async () => {
    expectProblem(
      await request(t.app)
        .patch(`/v1/moderators/${mia.id}`)
        .set('authorization', bearer(mia.token))
        .send({ role: 'admin' }),
      403,
      'forbidden',
    );
  });
});
