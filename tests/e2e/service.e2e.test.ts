import { ADMIN_TOKEN, createTestEnv, type TestEnv } from '../helpers/test-env';
import { createHttpClient, type HttpClient, type Json } from '../helpers/http-client';
import { createQueueInspector, type QueueInspector } from '../helpers/queue-inspector';
import {
  killAllThen,
  startApi,
  startWorker,
  waitWhileRunning,
  type ApiProcess,
  type ServiceProcess,
} from '../helpers/processes';

/**
 * The api and the worker run as separate built processes (`node dist/...`), the way an operator
 * deploys them; the test talks to them only over HTTP, and reads PostgreSQL and Redis to check.
 */
const SHUTDOWN_TIMEOUT_MS = 10_000;

let testEnv: TestEnv;
let inspector: QueueInspector;
let api: ApiProcess;
let worker: ServiceProcess;
let http: HttpClient;
let site: { id: string; apiKey: string };

beforeAll(async () => {
  testEnv = await createTestEnv();
  inspector = createQueueInspector(testEnv.config.QUEUE_PREFIX);
  const settings = { SHUTDOWN_TIMEOUT_MS: String(SHUTDOWN_TIMEOUT_MS) };
  [api, worker] = await Promise.all([
    startApi(testEnv.env, settings),
    startWorker(testEnv.env, settings, async () => (await inspector.moderationWorkers()) > 0),
  ]);
  http = createHttpClient(api.url);
  const created = await http('POST', '/v1/sites', { token: ADMIN_TOKEN, body: { name: 'Daily News' } });
  if (created.status !== 201) throw new Error(`site creation failed: ${JSON.stringify(created)}`);
  site = created.body;
}, 60_000);

afterAll(() =>
  killAllThen(
    () => inspector?.close(),
    () => testEnv?.cleanup(),
  ),
);

/** Posts a comment as the site and expects it accepted. */
async function postComment(id: string, content: string, as = site): Promise<Json> {
  const res = await http('POST', '/v1/comments', { token: as.apiKey, body: { id, content } });
  expect(res.status).toBe(202);
  expect(res.body).toMatchObject({ externalId: id, status: 'queued', version: 1 });
  return res.body;
}

/** Polls GET /v1/comments/:externalId, as a site would, until the worker stored a verdict. */
function verdictOf(externalId: string, as = site): Promise<Json> {
  return waitWhileRunning(
    [api, worker],
    async () =>
      (await http('GET', `/v1/comments/${encodeURIComponent(externalId)}`, { token: as.apiKey })).body,
    (comment) => typeof comment.status === 'string' && comment.status !== 'queued',
  );
}

const codesOf = (comment: Json): string[] => comment.verdict.signals.map((s: { code: string }) => s.code);

const LINKS =
  'Great deals: http://cheap.example/a http://cheap.example/b https://pills.example/c www.win.example/d http://loans.example/e';

it('the worker approves a clean comment and holds profane and link-stuffed ones, naming the signals', async () => {
  await postComment('clean-1', 'Thanks for the careful reporting, the second chart was very helpful.');
  await postComment('profane-1', 'You are a fucking idiot and this article is sh1t');
  await postComment('links-1', LINKS);

  const [clean, profane, links] = await Promise.all(
    ['clean-1', 'profane-1', 'links-1'].map((id) => verdictOf(id)),
  );

  expect(clean).toMatchObject({ status: 'approved', version: 2, verdict: { action: 'approve' } });
  expect(['pending_review', 'rejected']).toContain(profane.status);
  expect(profane.verdict.action).not.toBe('approve');
  expect(codesOf(profane)).toContain('profanity');
  expect(['pending_review', 'rejected']).toContain(links.status);
  expect(codesOf(links)).toContain('too_many_links');

  // The stored state agrees: one automatic decision per comment.
  const { rows } = await testEnv.pool.query(
    `SELECT c.external_id, c.status, d.decided_by, d.to_status FROM comments c
     JOIN decisions d ON d.comment_id = c.id ORDER BY c.external_id`,
  );
  expect(rows).toEqual([
    { external_id: 'clean-1', status: 'approved', decided_by: 'auto', to_status: 'approved' },
    { external_id: 'links-1', status: links.status, decided_by: 'auto', to_status: links.status },
    { external_id: 'profane-1', status: profane.status, decided_by: 'auto', to_status: profane.status },
  ]);

  // Bad input: an unknown key and an unknown comment are clear problems, not crashes.
  const badKey = await http('GET', '/v1/comments/clean-1', { token: 'sk_not-a-real-key' });
  expect(badKey.status).toBe(401);
  expect(badKey.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  const missing = await http('GET', '/v1/comments/never-sent', { token: site.apiKey });
  expect(missing.status).toBe(404);
});

it('a moderator works the queue, and of two racing decisions on one version exactly one wins (409 version_conflict)', async () => {
  // A site that never auto-rejects on score, so both comments wait for a person whatever the checks weigh.
  const desk = await http('POST', '/v1/sites', {
    token: ADMIN_TOKEN,
    body: { name: 'Review Desk', policy: { rejectThreshold: 1000 } },
  });
  expect(desk.status).toBe(201);
  const deskSite = desk.body as { id: string; apiKey: string };
  await postComment('held-profane', 'What a shitty take, you fucking clown', deskSite);
  await postComment(
    'held-links',
    'Read more http://one.example/x http://two.example/y http://three.example/z http://four.example/w http://five.example/v',
    deskSite,
  );
  const [profane, links] = await Promise.all([
    verdictOf('held-profane', deskSite),
    verdictOf('held-links', deskSite),
  ]);
  expect(profane.status).toBe('pending_review');
  expect(links.status).toBe('pending_review');

  const created = await http('POST', '/v1/moderators', {
    token: ADMIN_TOKEN,
    body: { name: 'Mo', role: 'moderator', siteIds: [deskSite.id] },
  });
  expect(created.status).toBe(201);
  const moderator = created.body as { id: string; token: string };

  const queue = await http('GET', `/v1/review/queue?siteId=${deskSite.id}&status=pending_review&sort=score`, {
    token: moderator.token,
  });
  expect(queue.status).toBe(200);
  const ids = queue.body.items.map((item: Json) => item.id);
  expect(ids.sort()).toEqual([profane.id, links.id].sort());
  const scores = queue.body.items.map((item: Json) => item.score);
  expect(scores).toEqual([...scores].sort((a, b) => b - a));
  const item = queue.body.items.find((entry: Json) => entry.id === links.id);
  expect(item).toMatchObject({ status: 'pending_review', version: 2 });
  // The moderator sees why: the signal and the offending links marked as spans.
  const tooMany = item.signals.find((signal: Json) => signal.code === 'too_many_links');
  expect(tooMany).toMatchObject({ check: 'links', score: expect.any(Number) });
  expect(tooMany.spans.length).toBeGreaterThan(0);

  // One plain decision: rejected, version 3, and the site sees it.
  const decided = await http('POST', `/v1/review/items/${profane.id}/decision`, {
    token: moderator.token,
    body: { action: 'reject', version: 2, reason: 'abuse' },
  });
  expect(decided.status).toBe(200);
  expect(decided.body).toMatchObject({ id: profane.id, status: 'rejected', version: 3 });
  const seenBySite = await http('GET', '/v1/comments/held-profane', { token: deskSite.apiKey });
  expect(seenBySite.body).toMatchObject({ status: 'rejected', version: 3 });

  // Two moderators decide the same item on the same version at once: the row lock orders them.
  const race = await Promise.all(
    (['approve', 'reject'] as const).map((action) =>
      http('POST', `/v1/review/items/${links.id}/decision`, {
        token: moderator.token,
        body: { action, version: 2 },
      }),
    ),
  );
  const statuses = race.map((res) => res.status).sort();
  expect(statuses).toEqual([200, 409]);
  const winner = race.find((res) => res.status === 200)!;
  const loser = race.find((res) => res.status === 409)!;
  expect(loser.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect(loser.body).toMatchObject({ status: 409, code: 'version_conflict' });
  expect(loser.body.current).toMatchObject({ id: links.id, version: 3, status: winner.body.status });

  const { rows } = await testEnv.pool.query(
    `SELECT decided_by, moderator_id, version, to_status FROM decisions WHERE comment_id = $1 ORDER BY version`,
    [links.id],
  );
  expect(rows).toEqual([
    { decided_by: 'auto', moderator_id: null, version: 2, to_status: 'pending_review' },
    { decided_by: 'moderator', moderator_id: moderator.id, version: 3, to_status: winner.body.status },
  ]);

  // A moderator sees only their own sites.
  const otherSite = await http('GET', `/v1/review/queue?siteId=${site.id}`, { token: moderator.token });
  expect(otherSite.status).toBe(403);
  // Bad input: a decision without a version is a 400 naming the field, and changes nothing.
  const invalid = await http('POST', `/v1/review/items/${links.id}/decision`, {
    token: moderator.token,
    body: { action: 'approve' },
  });
  expect(invalid.status).toBe(400);
  expect(invalid.body.errors).toEqual(
    expect.arrayContaining([expect.objectContaining({ path: 'body.version' })]),
  );
  const after = await testEnv.pool.query('SELECT version FROM comments WHERE id = $1', [links.id]);
  expect(after.rows[0].version).toBe(3);
});

it('on SIGTERM the api and the worker shut down gracefully and exit with code 0 within the shutdown timeout', async () => {
  // Give the worker a backlog, so the signal finds it holding jobs.
  await Promise.all(
    Array.from({ length: 30 }, (_, i) =>
      postComment(`late-${i}`, `A late comment, number ${i}, on the story.`),
    ),
  );

  const [apiExit, workerExit] = await Promise.all([
    api.stop(SHUTDOWN_TIMEOUT_MS + 5_000),
    worker.stop(SHUTDOWN_TIMEOUT_MS + 5_000),
  ]);
  const explain = `\n${api.output()}\n${worker.output()}`;
  expect({ api: apiExit, worker: workerExit, explain }).toMatchObject({
    api: { code: 0, signal: null, timedOut: false },
    worker: { code: 0, signal: null, timedOut: false },
  });
  expect(apiExit.tookMs).toBeLessThan(SHUTDOWN_TIMEOUT_MS);
  expect(workerExit.tookMs).toBeLessThan(SHUTDOWN_TIMEOUT_MS);

  // Really gone: the port refuses connections and no worker is attached to the queue any more.
  await expect(fetch(`${api.url}/healthz`)).rejects.toThrow();
  expect(await inspector.moderationWorkers()).toBe(0);
  // The worker finished the jobs it held instead of abandoning them: none is left active, and
  // every comment still queued has its job waiting for the next worker.
  const counts = await inspector.moderation.getJobCounts('active', 'waiting', 'delayed', 'prioritized');
  const queued = await testEnv.pool.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM comments WHERE status = 'queued'`,
  );
  expect(counts.active).toBe(0);
  const { waiting = 0, delayed = 0, prioritized = 0 } = counts;
  expect(waiting + delayed + prioritized).toBe(queued.rows[0]!.n);
});
