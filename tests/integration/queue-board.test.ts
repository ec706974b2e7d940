import request from 'supertest';
import { ADMIN_TOKEN, createTestApp, createTestEnv, type TestApp, type TestEnv } from '../helpers/test-env';
import { createModeratorViaApi, createSiteViaApi } from '../helpers/fixtures';
import { bearer, expectProblem } from '../helpers/problems';

/** Bull Board at /admin/queues: admins only, with a CSP of its own, on the real Redis. */
describe('Bull Board at /admin/queues', () => {
  let env: TestEnv;
  let t: TestApp;
  let moderatorToken: string;
  let adminModeratorToken: string;
  beforeAll(async () => {
    env = await createTestEnv();
    t = createTestApp(env);
    await t.ready;
    const site = await createSiteViaApi(t.app, { name: 'Board Times' });
    moderatorToken = (
      await createModeratorViaApi(t.app, { name: 'mia', role: 'moderator', siteIds: [site.id] })
    ).token;
    adminModeratorToken = (await createModeratorViaApi(t.app, { name: 'ada', role: 'admin' })).token;
    // One comment and no worker: a job waits in the moderation queue.
    const res = await request(t.app)
      .post('/v1/comments')
      .set('authorization', bearer(site.apiKey))
      .send({ id: 'board-1', content: 'A calm and friendly remark.' });
    expect(res.status).toBe(202);
  });
  afterAll(async () => {
    await t.close();
    await env.cleanup();
  });

  it.each(['/admin/queues', '/admin/queues/api/queues', '/admin/queues/static/images/logo.svg'])(
    'without a token, %s answers 401 and shows nothing of the board',
    async (path) => {
      const res = await request(t.app).get(path);
      expectProblem(res, 401, 'unauthorized');
      expect(res.text).not.toMatch(/<html|"queues"|<svg/i);
    },
  );

  it.each(['/admin/queues', '/admin/queues/api/queues'])(
    'a moderator who is not an admin gets 403 at %s',
    async (path) => {
      expectProblem(
        await request(t.app).get(path).set('authorization', bearer(moderatorToken)),
        403,
        'forbidden',
      );
    },
  );

  it('a wrong token gets 401', async () => {
    const res = await request(t.app)
      .get('/admin/queues')
      .set('authorization', bearer('not-a-real-token-000000'));
    expectProblem(res, 401, 'unauthorized');
  });

  it.each([
    ['the operator token', () => ADMIN_TOKEN],
    ['an admin moderator token', () => adminModeratorToken],
  ])(
    'with %s, the page is HTML with a CSP that allows its styles but no inline script',
    async (_who, token) => {
      const res = await request(t.app).get('/admin/queues').set('authorization', bearer(token()));
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expect(res.text).toContain('<base href="/admin/queues/"');
      expect(res.text).toContain('Comment moderation queues');
      const csp = res.headers['content-security-policy'] as string;
      expect(csp).toMatch(/style-src 'self' 'unsafe-inline'/);
      expect(csp).toMatch(/script-src 'self'(;|$)/);
      expect(csp).not.toMatch(/fonts\.googleapis|unsafe-eval/);
    },
  );

  it('its assets load for an admin', async () => {
    const page = await request(t.app).get('/admin/queues').set('authorization', bearer(ADMIN_TOKEN));
    const script = /src="(static\/js\/main\.[^"]+\.js)"/.exec(page.text)?.[1];
    expect(script).toBeDefined();
    const res = await request(t.app).get(`/admin/queues/${script}`).set('authorization', bearer(ADMIN_TOKEN));
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/javascript/);
  });

  it('the rest of the app keeps its strict CSP', async () => {
    const res = await request(t.app).get('/healthz');
    expect(res.headers['content-security-policy']).toMatch(/style-src 'self'(;|$)/);
  });

  it('its API lists the moderation, delivery and maintenance queues with the waiting job', async () => {
    const res = await request(t.app)
      .get('/admin/queues/api/queues')
      .set('authorization', bearer(ADMIN_TOKEN));
    expect(res.status).toBe(200);
    const queues = res.body.queues as Array<{ name: string; counts: Record<string, number> }>;
    expect(queues.map((queue) => queue.name).sort()).toEqual(['delivery', 'maintenance', 'moderation']);
    expect(queues.find((queue) => queue.name === 'moderation')!.counts.waiting).toBe(1);
  });

  it('a signed-in admin opens the board with the session cookie; its actions must come from this origin', async () => {
    const signIn = await request(t.app).post('/v1/session').send({ token: adminModeratorToken });
    expect(signIn.status).toBe(201);
    const cookie = signIn.headers['set-cookie'] as unknown as string[];
    const page = await request(t.app).get('/admin/queues').set('Cookie', cookie);
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);

    const pause = '/admin/queues/api/queues/maintenance/pause';
    const put = () => request(t.app).put(pause).set('Cookie', cookie);
    // Neither the CSRF token nor a browser's word that the page is ours: refused.
    expectProblem(await put(), 403, 'csrf_failed');
    expectProblem(await put().set('sec-fetch-site', 'cross-site'), 403, 'csrf_failed');
    expectProblem(await put().set('sec-fetch-site', 'same-site'), 403, 'csrf_failed');
    expectProblem(
      await put().set('sec-fetch-site', 'same-origin').set('x-csrf-token', 'forged'),
      403,
      'csrf_failed',
    );
    expect(await t.queues.maintenance.isPaused()).toBe(false);

    // The board's own page, as the browser marks its requests.
    expect((await put().set('sec-fetch-site', 'same-origin')).status).toBe(200);
    expect(await t.queues.maintenance.isPaused()).toBe(true);
    // A moderator who is not an admin gets no further with the same browser marks.
    const mia = await request(t.app).post('/v1/session').send({ token: moderatorToken });
    const miaCookie = mia.headers['set-cookie'] as unknown as string[];
    const miaResume = await request(t.app)
      .put('/admin/queues/api/queues/maintenance/resume')
      .set('Cookie', miaCookie)
      .set('sec-fetch-site', 'same-origin');
    expectProblem(miaResume, 403, 'forbidden');
    expect(await t.queues.maintenance.isPaused()).toBe(true);

    const resume = '/admin/queues/api/queues/maintenance/resume';
    expect(
      (await request(t.app).put(resume).set('Cookie', cookie).set('x-csrf-token', signIn.body.csrfToken))
        .status,
    ).toBe(200);
    expect(await t.queues.maintenance.isPaused()).toBe(false);
  });

  describe('the board page for people', () => {
    it('links no stylesheet of another host (the CSP would refuse it), and shows a page, not JSON, to those who may not open it', async () => {
      const board = await request(t.app).get('/admin/queues').set('authorization', bearer(ADMIN_TOKEN));
      expect(board.status).toBe(200);
      expect(board.text).toContain('static/css/');
      expect(board.text).not.toMatch(/href="https?:\/\//);

      const mia = await request(t.app).post('/v1/session').send({ token: moderatorToken });
      const cookie = mia.headers['set-cookie'] as unknown as string[];
      const refused = await request(t.app)
        .get('/admin/queues')
        .set('Cookie', cookie)
        .set('accept', 'text/html');
      expect(refused.status).toBe(403);
      expect(refused.headers['content-type']).toMatch(/^text\/html/);
      expect(refused.text).toContain('Admins only');
      expect(refused.text).toContain('href="../dashboard/"');
      const anonymous = await request(t.app).get('/admin/queues').set('accept', 'text/html');
      expect(anonymous.status).toBe(401);
      expect(anonymous.text).toContain('Sign in to the dashboard');
      // Programs asking for JSON still get a problem.
      expectProblem(await request(t.app).get('/admin/queues').set('Cookie', cookie), 403, 'forbidden');
    });
  });
});
