import { createHash } from 'node:crypto';
import request from 'supertest';
import { ADMIN_TOKEN, createTestApp, createTestEnv, type TestApp, type TestEnv } from '../helpers/test-env';
import { createModeratorViaApi, createSiteViaApi } from '../helpers/fixtures';
import { defaultPolicy } from '../../src/moderation/policy';
import { bearer, countRows, expectProblem, expectValidationPaths } from '../helpers/problems';

let env: TestEnv;
let t: TestApp;
beforeAll(async () => {
  env = await createTestEnv();
  t = createTestApp(env);
  await t.ready;
});
afterAll(async () => {
  await t.close();
  await env.cleanup();
});

const admin = () => ({ authorization: bearer(ADMIN_TOKEN) });
const siteRow = async (id: string) =>
  (await env.pool.query('SELECT name, callback_url, policy FROM sites WHERE id = $1', [id])).rows[0];

describe('POST /v1/sites and GET /v1/sites/:id', () => {
  it('when a site is created, its secrets are shown once and only the key hash is stored', async () => {
    const res = await request(t.app)
      .post('/v1/sites')
      .set(admin())
      .send({ name: 'Daily News', callbackUrl: 'https://news.example.com/hook' });
    expect(res.status).toBe(201);
    expect(res.headers.location).toBe(`/v1/sites/${res.body.id}`);
    expect(res.body).toMatchObject({ name: 'Daily News', callbackUrl: 'https://news.example.com/hook' });
    expect(res.body.apiKey).toMatch(/^sk-[a-z2-7]{52}$/);
    expect(res.body.webhookSecret).toMatch(/^whsec_/);
    expect(res.body.policy).toEqual(defaultPolicy);

    const shown = await request(t.app).get(`/v1/sites/${res.body.id}`).set(admin());
    expect(shown.status).toBe(200);
    expect(shown.body).not.toHaveProperty('apiKey');
    expect(shown.body).not.toHaveProperty('webhookSecret');
    expect(JSON.stringify(shown.body)).not.toContain(res.body.apiKey);

    const { rows } = await env.pool.query(
      'SELECT api_key_hash, to_jsonb(sites)::text AS whole FROM sites WHERE id = $1',
      [res.body.id],
    );
    expect(rows[0].api_key_hash).toEqual(createHash('sha256').update(res.body.apiKey).digest());
    expect(rows[0].whole).not.toContain(res.body.apiKey);
    const columns = await env.pool.query(
      "SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = 'sites'",
    );
    expect(columns.rows.map((row) => row.column_name)).not.toContain('api_key');
  });

  it.each([
    ['the name is missing', {}, ['body.name']],
    [
      'the callback URL is ftp://',
      { name: 'X', callbackUrl: 'ftp://files.example.com/' },
      ['body.callbackUrl'],
    ],
    ['a field is unknown', { name: 'X', owner: 'me' }, ['body.owner']],
    [
      'rejectThreshold is below reviewThreshold',
      { name: 'X', policy: { reviewThreshold: 5, rejectThreshold: 4 } },
      ['body.policy.rejectThreshold'],
    ],
    ['a policy key is unknown', { name: 'X', policy: { maxLinkz: 5 } }, ['body.policy.maxLinkz']],
  ])('when %s, creation answers 400 naming the field and stores nothing', async (_case, body, paths) => {
    const before = await countRows(env.pool, 'sites');
    const res = await request(t.app).post('/v1/sites').set(admin()).send(body);
    expect(expectValidationPaths(res)).toEqual(paths);
    expect(await countRows(env.pool, 'sites')).toBe(before);
  });

  it('when the site id is unknown or malformed, it answers 404', async () => {
    expectProblem(
      await request(t.app).get('/v1/sites/6f1c1d39-1c1a-4c7e-9c1e-000000000000').set(admin()),
      404,
      'not_found',
    );
    expectProblem(await request(t.app).get('/v1/sites/not-a-uuid').set(admin()), 404, 'not_found');
  });
});

describe('GET /v1/sites', () => {
  it('when listed with limit=1, the cursor walks every site once, in creation order', async () => {
    const created: string[] = [];
    for (const name of ['One', 'Two', 'Three']) created.push((await createSiteViaApi(t.app, { name })).id);
    const all = (await env.pool.query('SELECT id FROM sites')).rows.map((row) => row.id as string);

    const seen: string[] = [];
    let cursor: string | null = null;
    for (let pages = 0; pages <= all.length + 1; pages++) {
      const res: request.Response = await request(t.app)
        .get('/v1/sites')
        .query(cursor ? { limit: 1, cursor } : { limit: 1 })
        .set(admin());
      expect(res.status).toBe(200);
      expect(res.body.items.length).toBeLessThanOrEqual(1);
      for (const item of res.body.items) {
        expect(item).not.toHaveProperty('apiKey');
        seen.push(item.id);
      }
      cursor = res.body.nextCursor;
      if (!cursor) break;
    }
    expect(cursor).toBeNull();
    expect(seen).toHaveLength(all.length);
    expect([...seen].sort()).toEqual([...all].sort());
    expect(seen.filter((id) => created.includes(id))).toEqual(created);
  });

  it('when listed with limit=2, the first page has two sites and a cursor', async () => {
    const res = await request(t.app).get('/v1/sites?limit=2').set(admin());
    expect(res.status).toBe(200);
    expect(res.body.items).toHaveLength(2);
    expect(typeof res.body.nextCursor).toBe('string');
  });

  it('when the cursor or limit is bad, it answers 400 naming the query field', async () => {
    expect(expectValidationPaths(await request(t.app).get('/v1/sites?cursor=garbage').set(admin()))).toEqual([
      'query.cursor',
    ]);
    expect(expectValidationPaths(await request(t.app).get('/v1/sites?limit=0').set(admin()))).toEqual([
      'query.limit',
    ]);
  });
});

describe('PATCH /v1/sites/:id', () => {
  it('when the name and callback URL change, they are stored; a null callback URL clears it', async () => {
    const site = await createSiteViaApi(t.app, { name: 'Old', callbackUrl: 'https://old.example.com/hook' });
    const renamed = await request(t.app).patch(`/v1/sites/${site.id}`).set(admin()).send({ name: 'New' });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ name: 'New', callbackUrl: 'https://old.example.com/hook' });
    const cleared = await request(t.app)
      .patch(`/v1/sites/${site.id}`)
      .set(admin())
      .send({ callbackUrl: null });
    expect(cleared.status).toBe(200);
    expect(cleared.body).toMatchObject({ name: 'New', callbackUrl: null });
    expect(await siteRow(site.id)).toMatchObject({ name: 'New', callback_url: null });
  });

  it('when a policy change names one key, the other keys are kept', async () => {
    const site = await createSiteViaApi(t.app, {
      name: 'P',
      policy: { reviewThreshold: 4, blockedTerms: ['casino'] },
    });
    const res = await request(t.app)
      .patch(`/v1/sites/${site.id}`)
      .set(admin())
      .send({ policy: { maxLinks: 5 } });
    expect(res.status).toBe(200);
    expect(site.policy).toMatchObject({ reviewThreshold: 4, maxLinks: 2, blockedTerms: ['casino'] });
    const policy = { ...site.policy, maxLinks: 5 };
    expect(res.body.policy).toEqual(policy);
    expect((await siteRow(site.id)).policy).toEqual(policy);
  });

  it('when a sensitivity preset is chosen, it sets both thresholds and its weights, and is stored', async () => {
    const site = await createSiteViaApi(t.app, {
      name: 'Strict',
      policy: { checks: { links: { enabled: false } } },
    });
    const res = await request(t.app)
      .patch(`/v1/sites/${site.id}`)
      .set(admin())
      .send({ policy: { sensitivity: 'strict' } });
    expect(res.status).toBe(200);
    expect(res.body.policy).toMatchObject({
      sensitivity: 'strict',
      reviewThreshold: 2,
      rejectThreshold: 7,
      checks: { links: { enabled: false, weight: 1.5 } },
    });
    expect((await siteRow(site.id)).policy).toEqual(res.body.policy);
    const lenient = await request(t.app)
      .patch(`/v1/sites/${site.id}`)
      .set(admin())
      .send({ policy: { sensitivity: 'lenient', rejectThreshold: 20 } });
    expect(lenient.body.policy).toMatchObject({ reviewThreshold: 5, rejectThreshold: 20 });
  });

  it.each([
    ['the sensitivity is unknown', { policy: { sensitivity: 'paranoid' } }, ['body.policy.sensitivity']],
    [
      'rejectThreshold goes below reviewThreshold',
      { policy: { rejectThreshold: 2 } },
      ['body.policy.rejectThreshold'],
    ],
    ['a policy key is unknown', { policy: { colour: 'red' } }, ['body.policy.colour']],
    ['the callback URL is ftp://', { callbackUrl: 'ftp://x.example.com/' }, ['body.callbackUrl']],
    ['the name is blank', { name: '  ' }, ['body.name']],
  ])('when %s, it answers 400 naming the field and changes nothing', async (_case, body, paths) => {
    const site = await createSiteViaApi(t.app, { name: 'Stable' });
    const before = await siteRow(site.id);
    const res = await request(t.app).patch(`/v1/sites/${site.id}`).set(admin()).send(body);
    expect(expectValidationPaths(res)).toEqual(paths);
    expect(await siteRow(site.id)).toEqual(before);
  });

  it('when the site does not exist, it answers 404', async () => {
    const res = await request(t.app)
      .patch('/v1/sites/6f1c1d39-1c1a-4c7e-9c1e-000000000000')
      .set(admin())
      .send({ name: 'Ghost' });
    expectProblem(res, 404, 'not_found');
  });
});

describe('POST /v1/sites/:id/rotate-key', () => {
  it('when a key is rotated with graceSeconds 0, the new key works and the old one is refused at once', async () => {
    const site = await createSiteViaApi(t.app, { name: 'Rotating' });
    const read = (key: string) => request(t.app).get('/v1/comments/none').set('authorization', bearer(key));
    expect((await read(site.apiKey)).status).toBe(404);

    const res = await request(t.app)
      .post(`/v1/sites/${site.id}/rotate-key`)
      .set(admin())
      .send({ graceSeconds: 0 });
    expect(res.status).toBe(200);
    expect(res.body.previousKeyValidUntil).toBeNull();
    expect(res.body.apiKey).toMatch(/^sk-/);
    expect(res.body.apiKey).not.toBe(site.apiKey);
    expectProblem(await read(site.apiKey), 401, 'unauthorized');
    expect((await read(res.body.apiKey)).status).toBe(404);
    const { rows } = await env.pool.query('SELECT api_key_hash FROM sites WHERE id = $1', [site.id]);
    expect(rows[0].api_key_hash).toEqual(createHash('sha256').update(res.body.apiKey).digest());
  });

  it('when the site does not exist, it answers 404', async () => {
    const res = await request(t.app)
      .post('/v1/sites/6f1c1d39-1c1a-4c7e-9c1e-000000000000/rotate-key')
      .set(admin());
    expectProblem(res, 404, 'not_found');
  });
});

describe('moderators and admin authorization', () => {
  it('when a moderator is created, its token is shown once and only its hash is stored', async () => {
    const site = await createSiteViaApi(t.app, { name: 'Moderated' });
    const res = await request(t.app)
      .post('/v1/moderators')
      .set(admin())
      .send({ name: 'Mia', siteIds: [site.id] });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ name: 'Mia', role: 'moderator', siteIds: [site.id] });
    expect(res.body.token).toMatch(/^mt_/);
    const { rows } = await env.pool.query('SELECT token_hash FROM moderators WHERE id = $1', [res.body.id]);
    expect(rows[0].token_hash).toEqual(createHash('sha256').update(res.body.token).digest());
    const listed = await request(t.app).get('/v1/moderators').set(admin());
    expect(listed.status).toBe(200);
    expect(listed.body.items.map((m: { id: string }) => m.id)).toContain(res.body.id);
    expect(JSON.stringify(listed.body)).not.toContain(res.body.token);
  });

  it('when a moderator names an unknown site, it answers 400 at body.siteIds and stores nothing', async () => {
    const before = await countRows(env.pool, 'moderators');
    const res = await request(t.app)
      .post('/v1/moderators')
      .set(admin())
      .send({ name: 'Lost', siteIds: ['6f1c1d39-1c1a-4c7e-9c1e-000000000000'] });
    expect(expectValidationPaths(res)).toEqual(['body.siteIds']);
    expect(await countRows(env.pool, 'moderators')).toBe(before);
  });

  it('when the admin token is missing or wrong, admin routes answer 401 with www-authenticate', async () => {
    const before = await countRows(env.pool, 'sites');
    const wrong = await request(t.app)
      .post('/v1/sites')
      .set('authorization', bearer('wrong-admin-token-000000'))
      .send({ name: 'X' });
    expectProblem(wrong, 401, 'unauthorized');
    expect(wrong.headers['www-authenticate']).toBe('Bearer');
    expectProblem(await request(t.app).get('/v1/sites'), 401, 'unauthorized');
    expect(await countRows(env.pool, 'sites')).toBe(before);
  });

  it("when a site's API key is used on admin routes, it answers 401", async () => {
    const site = await createSiteViaApi(t.app, { name: 'Sneaky' });
    expectProblem(
      await request(t.app).get('/v1/sites').set('authorization', bearer(site.apiKey)),
      401,
      'unauthorized',
    );
  });

  it('when a moderator token is used on admin routes, it answers 403 and changes nothing', async () => {
    const site = await createSiteViaApi(t.app, { name: 'Guarded' });
    const mod = await createModeratorViaApi(t.app, { name: 'Mo', siteIds: [site.id] });
    const as = { authorization: bearer(mod.token) };
    const moderators = await countRows(env.pool, 'moderators');
    expectProblem(await request(t.app).get('/v1/sites').set(as), 403, 'forbidden');
    expectProblem(
      await request(t.app).patch(`/v1/sites/${site.id}`).set(as).send({ name: 'Taken' }),
      403,
      'forbidden',
    );
    expectProblem(
      await request(t.app).post('/v1/moderators').set(as).send({ name: 'Me', role: 'admin' }),
      403,
      'forbidden',
    );
    expect((await siteRow(site.id)).name).toBe('Guarded');
    expect(await countRows(env.pool, 'moderators')).toBe(moderators);
  });

  it('when an admin moderator token is used on admin routes, it works', async () => {
    const boss = await createModeratorViaApi(t.app, { name: 'Boss', role: 'admin' });
    const res = await request(t.app)
      .post('/v1/sites')
      .set('authorization', bearer(boss.token))
      .send({ name: 'By Boss' });
    expect(res.status).toBe(201);
    expect(await countRows(env.pool, 'sites', 'id = $1', [res.body.id])).toBe(1);
    expect((await request(t.app).get('/v1/sites').set('authorization', bearer(boss.token))).status).toBe(200);
  });
});
