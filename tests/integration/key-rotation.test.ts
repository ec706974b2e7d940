import { createHash } from 'node:crypto';
import request from 'supertest';
import { ADMIN_TOKEN, createTestApp, createTestEnv, type TestApp, type TestEnv } from '../helpers/test-env';
import { createSiteViaApi } from '../helpers/fixtures';
import { bearer, expectProblem, expectValidationPaths } from '../helpers/problems';

/**
 * A 1-second grace, and an auth cache far longer than it: a cached old key must still stop
 * working when its grace ends.
 */
let env: TestEnv;
let t: TestApp;
beforeAll(async () => {
  env = await createTestEnv({ KEY_GRACE_SECONDS: '1', AUTH_CACHE_MS: '60000' });
  t = createTestApp(env);
  await t.ready;
});
afterAll(async () => {
  await t.close();
  await env.cleanup();
});

const rotate = (siteId: string, body?: object) => {
  const req = request(t.app).post(`/v1/sites/${siteId}/rotate-key`).set('authorization', bearer(ADMIN_TOKEN));
  return body ? req.send(body) : req;
};
/** An authenticated read of a comment that does not exist: 404 proves the key works, 401 that it does not. */
const read = (key: string) => request(t.app).get('/v1/comments/none').set('authorization', bearer(key));
const sha256 = (value: string) => createHash('sha256').update(value).digest();
const sleepUntil = (iso: string, marginMs = 100) =>
  new Promise((resolve) => setTimeout(resolve, Math.max(new Date(iso).getTime() - Date.now(), 0) + marginMs));

describe('POST /v1/sites/:id/rotate-key with a grace period', () => {
  it('when a key is rotated, the old key works until the grace ends, then only the new one does', async () => {
    const site = await createSiteViaApi(t.app, { name: 'Rotating' });
    const before = Date.now();
    const res = await rotate(site.id);
    expect(res.status).toBe(200);
    expect(res.body.apiKey).toMatch(/^sk-/);
    const validUntil = new Date(res.body.previousKeyValidUntil).getTime();
    expect(validUntil).toBeGreaterThanOrEqual(before + 900);
    expect(validUntil).toBeLessThanOrEqual(Date.now() + 1_100);

    // During the grace both keys authenticate the site (and the old one lands in the auth cache).
    expect((await read(site.apiKey)).status).toBe(404);
    expect((await read(res.body.apiKey)).status).toBe(404);
    const posted = await request(t.app)
      .post('/v1/comments')
      .set('authorization', bearer(site.apiKey))
      .send({ id: 'during-grace', content: 'Still with the old key' });
    expect(posted.status).toBe(202);
    expect(posted.body.siteId).toBe(site.id);

    await sleepUntil(res.body.previousKeyValidUntil);
    expectProblem(await read(site.apiKey), 401, 'unauthorized');
    expect((await read(res.body.apiKey)).status).toBe(404);

    const { rows } = await env.pool.query(
      'SELECT api_key_hash, previous_api_key_hash FROM sites WHERE id = $1',
      [site.id],
    );
    expect(rows).toEqual([
      { api_key_hash: sha256(res.body.apiKey), previous_api_key_hash: sha256(site.apiKey) },
    ]);
  });

  it('when a key is rotated twice within the grace, the first key stops at once and the second keeps its grace', async () => {
    const site = await createSiteViaApi(t.app, { name: 'Twice' });
    const second = await rotate(site.id, { graceSeconds: 60 });
    expect((await read(site.apiKey)).status).toBe(404);
    const third = await rotate(site.id, { graceSeconds: 60 });
    expectProblem(await read(site.apiKey), 401, 'unauthorized');
    expect((await read(second.body.apiKey)).status).toBe(404);
    expect((await read(third.body.apiKey)).status).toBe(404);
  });

  it('when graceSeconds is 0, the old key is refused at once', async () => {
    const site = await createSiteViaApi(t.app, { name: 'Leaked' });
    expect((await read(site.apiKey)).status).toBe(404);
    const res = await rotate(site.id, { graceSeconds: 0 });
    expect(res.body.previousKeyValidUntil).toBeNull();
    expectProblem(await read(site.apiKey), 401, 'unauthorized');
    expect((await read(res.body.apiKey)).status).toBe(404);
  });

  it.each([
    ['negative', { graceSeconds: -1 }],
    ['not a number', { graceSeconds: 'soon' }],
    ['an unknown field', { grace: 10 }],
  ])('when graceSeconds is %s, it answers 400 and the key is not rotated', async (_case, body) => {
    const site = await createSiteViaApi(t.app, { name: 'Invalid rotation' });
    const res = await rotate(site.id, body);
    expect(expectValidationPaths(res)).toHaveLength(1);
    const { rows } = await env.pool.query('SELECT api_key_hash FROM sites WHERE id = $1', [site.id]);
    expect(rows[0].api_key_hash).toEqual(sha256(site.apiKey));
  });

  it('when the caller is not an admin, it answers 401 and the key is not rotated', async () => {
    const site = await createSiteViaApi(t.app, { name: 'Guarded' });
    const res = await request(t.app)
      .post(`/v1/sites/${site.id}/rotate-key`)
      .set('authorization', bearer(site.apiKey));
    expectProblem(res, 401, 'unauthorized');
    expect((await read(site.apiKey)).status).toBe(404);
  });
});
