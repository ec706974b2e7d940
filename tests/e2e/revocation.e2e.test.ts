import { ADMIN_TOKEN, createTestEnv, type TestEnv } from '../helpers/test-env';
import { createHttpClient, type HttpClient } from '../helpers/http-client';
import { killAllThen, startApi, waitWhileRunning, type ApiProcess } from '../helpers/processes';

/**
 * Two api processes share PostgreSQL and Redis, each with its own auth cache. A revocation or a site's
 * new settings made through one must apply in the other at once (pub/sub), not when its cache expires: the cache here
 * keeps credentials for 10 minutes, so only the announcement can make the other process refuse.
 */
const AUTH_CACHE_MS = 600_000;
/** Far below the cache's life; the target is 1 s, which a loaded machine must not turn into a flaky test. */
const REVOKED_WITHIN_MS = 5_000;

let testEnv: TestEnv;
let first: ApiProcess;
let second: ApiProcess;
let viaFirst: HttpClient;
let viaSecond: HttpClient;

beforeAll(async () => {
  testEnv = await createTestEnv();
  const settings = { AUTH_CACHE_MS: String(AUTH_CACHE_MS) };
  first = await startApi(testEnv.env, settings, 'api-1');
  second = await startApi(testEnv.env, settings, 'api-2');
  viaFirst = createHttpClient(first.url);
  viaSecond = createHttpClient(second.url);
}, 60_000);

afterAll(() => killAllThen(() => testEnv?.cleanup()));

/** Polls the second process until `refused` holds, and says how long that took. */
async function refusedInSecond(request: () => Promise<number>, refused: (status: number) => boolean) {
  const started = Date.now();
  await waitWhileRunning([first, second], request, refused, REVOKED_WITHIN_MS);
  return Date.now() - started;
}

it('when a key is rotated without grace through one api process, the other refuses the old key at once', async () => {
  const site = (await viaFirst('POST', '/v1/sites', { token: ADMIN_TOKEN, body: { name: 'Rotating' } })).body;
  const probe = async () => (await viaSecond('GET', '/v1/comments/absent', { token: site.apiKey })).status;
  // Authenticated (404: no such comment), and now cached in the second process.
  expect(await probe()).toBe(404);
  expect(await probe()).toBe(404);

  const rotated = await viaFirst('POST', `/v1/sites/${site.id}/rotate-key`, {
    token: ADMIN_TOKEN,
    body: { graceSeconds: 0 },
  });
  expect(rotated.status).toBe(200);
  const tookMs = await refusedInSecond(probe, (status) => status === 401);
  console.info(`old key refused by the other api process ${tookMs} ms after the rotation`);
  expect((await viaSecond('GET', '/v1/comments/absent', { token: rotated.body.apiKey })).status).toBe(404);
});

it("when a site's policy is changed through one api process, the other checks comments by the new policy at once", async () => {
  const created = await viaFirst('POST', '/v1/sites', {
    token: ADMIN_TOKEN,
    body: { name: 'On trial', policy: { blockedTerms: ['zyxcasino'], mode: 'observe' } },
  });
  expect(created.status).toBe(201);
  const site = created.body;
  // Akismet's comment-check answers from the site its key finds, policy included: 'false' in trial mode.
  const commentCheck = async () => {
    const res = await fetch(`${second.url}/1.1/comment-check`, {
      method: 'POST',
      body: new URLSearchParams({
        api_key: site.apiKey,
        blog: 'https://news.example',
        user_ip: '203.0.113.7',
        comment_content: 'Come and play at zyxcasino tonight',
      }),
      signal: AbortSignal.timeout(10_000),
    });
    return res.text();
  };
  expect(await commentCheck()).toBe('false');
  expect(await commentCheck()).toBe('false');

  const patched = await viaFirst('PATCH', `/v1/sites/${site.id}`, {
    token: ADMIN_TOKEN,
    body: { policy: { mode: 'enforce' } },
  });
  expect(patched).toMatchObject({ status: 200, body: { policy: { mode: 'enforce' } } });
  const started = Date.now();
  await waitWhileRunning([first, second], commentCheck, (answer) => answer === 'true', REVOKED_WITHIN_MS);
  console.info(`new policy applied by the other api process ${Date.now() - started} ms after the change`);
});

it("when a moderator's sites change, or they are disabled, or their token reset, the other api process applies it at once", async () => {
  const [kept, taken] = await Promise.all(
    ['Kept', 'Taken'].map(
      async (name) => (await viaFirst('POST', '/v1/sites', { token: ADMIN_TOKEN, body: { name } })).body,
    ),
  );
  const created = await viaFirst('POST', '/v1/moderators', {
    token: ADMIN_TOKEN,
    body: { name: 'Rita', siteIds: [kept.id, taken.id] },
  });
  expect(created.status).toBe(201);
  const rita = created.body;
  const queueOf = async (siteId: string, token = rita.token) =>
    (await viaSecond('GET', `/v1/review/queue?siteId=${siteId}`, { token })).status;
  expect(await queueOf(taken.id)).toBe(200);

  const patch = (body: object) =>
    viaFirst('PATCH', `/v1/moderators/${rita.id}`, { token: ADMIN_TOKEN, body });
  expect((await patch({ siteIds: [kept.id] })).status).toBe(200);
  await refusedInSecond(
    () => queueOf(taken.id),
    (status) => status === 403 || status === 404,
  );
  expect(await queueOf(kept.id)).toBe(200);

  const reset = await viaFirst('POST', `/v1/moderators/${rita.id}/reset-token`, { token: ADMIN_TOKEN });
  expect(reset.status).toBe(200);
  await refusedInSecond(
    () => queueOf(kept.id),
    (status) => status === 401,
  );
  expect(await queueOf(kept.id, reset.body.token)).toBe(200);

  expect((await patch({ disabled: true })).status).toBe(200);
  await refusedInSecond(
    () => queueOf(kept.id, reset.body.token),
    (status) => status === 401,
  );
});
