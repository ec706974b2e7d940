import request from 'supertest';
import { startWorkers } from '../../src/processes/workers';
import { createQueueInspector, type QueueInspector } from '../helpers/queue-inspector';
import {
  ADMIN_TOKEN,
  createTestApp,
  createTestEnv,
  silentLogger,
  type TestApp,
  type TestEnv,
} from '../helpers/test-env';
import { createSiteViaApi, waitFor } from '../helpers/fixtures';
import { createTestModerator, submitAndModerate } from '../helpers/moderation';
import { bearer, countRows } from '../helpers/problems';
import { RETENTION_SCHEDULER } from '../../src/queues';

/**
 * Retention with the real workers: the maintenance worker's repeatable `retention` job removes the
 * personal data of comments and callbacks older than a site's retentionDays, and keeps the rows
 * that count, so the stats read the same before and after.
 */
let env: TestEnv;
let t: TestApp;
let inspector: QueueInspector;
let moderate: ReturnType<typeof createTestModerator>;
let stopWorkers: (() => Promise<void>) | undefined;
let keeping: Awaited<ReturnType<typeof createSiteViaApi>>;
let forever: Awaited<ReturnType<typeof createSiteViaApi>>;
const ids: Record<string, string> = {};

beforeAll(async () => {
  env = await createTestEnv({
    CALLBACK_ALLOW_HOSTS: '127.0.0.1',
    // The callbacks go nowhere and are retried far in the future: they stay pending or fail, as needed.
    DELIVERY_SCHEDULE_MS: '3600000',
    RETENTION_EVERY_MS: '300',
  });
  t = createTestApp(env);
  await t.ready;
  inspector = createQueueInspector(env.config.QUEUE_PREFIX);
  moderate = createTestModerator(env);
  const policy = { flaggedTerms: ['harbour'], retentionDays: 30 };
  keeping = await createSiteViaApi(t.app, {
    name: 'Keeps 30 days',
    callbackUrl: 'http://127.0.0.1:9/h',
    policy,
  });
  forever = await createSiteViaApi(t.app, { name: 'Keeps all', policy: { flaggedTerms: ['harbour'] } });
});
afterAll(async () => {
  await stopWorkers?.();
  await inspector.close();
  await t.close();
  await env.cleanup();
});

const post = async (apiKey: string, externalId: string, content: string) => {
  const author = { id: `reader-${externalId}`, email: `${externalId}@example.org` };
  ids[externalId] = await submitAndModerate(t.app, moderate, apiKey, { id: externalId, content, author });
};
const ageBy = async (externalId: string, days: number) => {
  await env.pool.query(
    `UPDATE comments SET received_at = received_at - make_interval(days => $2) WHERE id = $1`,
    [ids[externalId], days],
  );
  await env.pool.query(
    `UPDATE decisions SET created_at = created_at - make_interval(days => $2) WHERE comment_id = $1`,
    [ids[externalId], days],
  );
  await env.pool.query(
    `UPDATE deliveries SET created_at = created_at - make_interval(days => $2), status = 'failed'
     WHERE comment_id = $1`,
    [ids[externalId], days],
  );
};
const stats = async (siteId: string) => {
  const res = await request(t.app)
    .get('/v1/review/stats')
    .query({ siteId, from: new Date(Date.now() - 60 * 86_400_000).toISOString(), bucket: 'day' })
    .set('authorization', bearer(ADMIN_TOKEN));
  return res.body;
};
const row = async (externalId: string) =>
  (
    await env.pool.query(
      'SELECT content, author, author_key, status, action, signals, anonymised_at FROM comments WHERE id = $1',
      [ids[externalId]],
    )
  ).rows[0];

describe('the retention job', () => {
  it("anonymises a site's comments and callbacks older than retentionDays, keeping the stats", async () => {
    // Moderated by the worker's processor, then aged, before any worker (and its retention job) runs.
    await post(keeping.apiKey, 'old', 'An old remark with a link http://example.com/page');
    await post(keeping.apiKey, 'old-held', 'An old harbour remark nobody decided yet');
    await post(keeping.apiKey, 'recent', 'A recent remark.');
    await post(forever.apiKey, 'old-kept', 'An old remark on a site that keeps everything');
    const oldComment = await row('old');
    await request(t.app)
      .post(`/v1/review/items/${ids.old}/decision`)
      .set('authorization', bearer(ADMIN_TOKEN))
      .send({ action: 'reject', version: 2, note: 'quoting it: An old remark' });
    for (const externalId of ['old', 'old-held', 'old-kept']) await ageBy(externalId, 40);
    const before = await stats(keeping.id);
    expect(await countRows(env.pool, 'deliveries', 'comment_id = $1', [ids.old])).toBeGreaterThan(0);

    stopWorkers = await startWorkers(env.config, silentLogger);
    expect((await inspector.jobScheduler(RETENTION_SCHEDULER))?.every).toBe(300);
    const anonymised = await waitFor(
      () => row('old'),
      (now) => now.anonymised_at !== null,
    );
    expect(anonymised).toMatchObject({ content: '', author: {}, author_key: null, status: 'rejected' });
    expect(anonymised.action).toBe(oldComment.action);
    expect(anonymised.signals.map((s: { code: string }) => s.code)).toEqual(
      oldComment.signals.map((s: { code: string }) => s.code),
    );
    expect(anonymised.signals.every((s: { message: string }) => s.message === '')).toBe(true);
    expect(await countRows(env.pool, 'deliveries', 'comment_id = $1', [ids.old])).toBe(0);
    expect(await countRows(env.pool, 'decisions', 'comment_id = $1 AND note IS NOT NULL', [ids.old])).toBe(0);

    // Still waiting for a person, recent, or on a site that keeps everything: untouched.
    expect((await row('old-held')).content).toBe('An old harbour remark nobody decided yet');
    expect((await row('recent')).content).toBe('A recent remark.');
    expect((await row('old-kept')).content).toBe('An old remark on a site that keeps everything');

    // Decision rows stay, so the counts and activity read the same.
    const after = await stats(keeping.id);
    expect(after.counts).toEqual(before.counts);
    expect(after.series).toEqual(before.series);
    expect(after.checks).toEqual(before.checks);
  });
});
