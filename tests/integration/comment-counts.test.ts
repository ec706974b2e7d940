import request from 'supertest';
import { migrate } from '../../src/db/migrate';
import { applyRetention } from '../../src/privacy/retention';
import { ADMIN_TOKEN, createTestApp, createTestEnv, type TestApp, type TestEnv } from '../helpers/test-env';
import { createModeratorViaApi, createSiteViaApi } from '../helpers/fixtures';
import { createTestModerator, scored, scoredByMarker, submitAndModerate } from '../helpers/moderation';
import { bearer } from '../helpers/problems';

/**
 * The counts per site and status (migration 070) that the stats read: every path that adds a
 * comment, moves it to another status or removes it keeps them equal to counting the comments.
 */
let env: TestEnv;
let t: TestApp;
let moderate: ReturnType<typeof createTestModerator>;
let news: Awaited<ReturnType<typeof createSiteViaApi>>;
let blog: Awaited<ReturnType<typeof createSiteViaApi>>;
let mia: { id: string; token: string };

beforeAll(async () => {
  env = await createTestEnv();
  t = createTestApp(env);
  await t.ready;
  moderate = createTestModerator(env, scoredByMarker);
  news = await createSiteViaApi(t.app, { name: 'News', policy: { retentionDays: 30 } });
  blog = await createSiteViaApi(t.app, { name: 'Blog' });
  mia = await createModeratorViaApi(t.app, { name: 'Mia', siteIds: [news.id, blog.id] });
});
afterAll(async () => {
  await t.close();
  await env.cleanup();
});

type Count = { site: string; status: string; n: number };

const counted = async (): Promise<Count[]> =>
  (
    await env.pool.query<Count>(
      `SELECT site_id::text AS site, status, count(*)::int AS n FROM comments GROUP BY 1, 2 ORDER BY 1, 2`,
    )
  ).rows;
const kept = async (): Promise<Count[]> =>
  (
    await env.pool.query<Count>(
      `SELECT site_id::text AS site, status, sum(n)::int AS n FROM comment_counts
        GROUP BY 1, 2 HAVING sum(n) <> 0 ORDER BY 1, 2`,
    )
  ).rows;
const expectCountsRight = async () => expect(await kept()).toEqual(await counted());

const asSite = (apiKey: string) => ({
  post: (path: string, body: object) =>
    request(t.app).post(path).set('authorization', bearer(apiKey)).send(body),
  put: (path: string, body: object) =>
    request(t.app).put(path).set('authorization', bearer(apiKey)).send(body),
  delete: (path: string) => request(t.app).delete(path).set('authorization', bearer(apiKey)),
});
const as = (token: string) => ({
  get: (path: string) => request(t.app).get(path).set('authorization', bearer(token)),
  post: (path: string, body: object) =>
    request(t.app).post(path).set('authorization', bearer(token)).send(body),
  delete: (path: string) => request(t.app).delete(path).set('authorization', bearer(token)),
});
const asAdmin = as(ADMIN_TOKEN);
const post = (apiKey: string, id: string, score: number, author = 'reader') =>
  submitAndModerate(t.app, moderate, apiKey, {
    id,
    content: scored(score, `Comment ${id}`),
    author: { id: author },
  });
const versionOf = async (id: string) =>
  (await env.pool.query<{ version: number }>('SELECT version FROM comments WHERE id = $1', [id])).rows[0]!
    .version;

describe('the counts per site and status', () => {
  it('follow intake, verdicts, decisions, undo, feedback, appeals, edits, deletes, author actions, erasure and retention', async () => {
    // Intake and the worker's verdicts: approved, held, rejected, and one still queued.
    const approved = await post(news.apiKey, 'n-ok', 0);
    const held = await post(news.apiKey, 'n-held', 4);
    await post(news.apiKey, 'n-bad', 9);
    await post(blog.apiKey, 'b-ok', 0);
    expect(
      (await asSite(blog.apiKey).post('/v1/comments', { id: 'b-queued', content: 'Waiting' })).status,
    ).toBe(202);
    const batch = await asSite(blog.apiKey).post('/v1/comments/batch', {
      comments: [
        { id: 'b-1', content: scored(4, 'One') },
        { id: 'b-2', content: scored(9, 'Two') },
        { id: 'b-3', content: 'Three' },
      ],
    });
    expect(batch.status).toBe(202);
    for (const item of batch.body.items as Array<{ id: string }>) await moderate(item.id);
    await expectCountsRight();

    // A moderator's decision, and its undo.
    expect(
      (
        await as(mia.token).post(`/v1/review/items/${held}/decision`, {
          action: 'reject',
          version: await versionOf(held),
        })
      ).status,
    ).toBe(200);
    await expectCountsRight();
    const [mine] = (await as(mia.token).get('/v1/review/decisions/mine?limit=1')).body.items;
    expect((await as(mia.token).post(`/v1/review/decisions/${mine.id}/undo`, {})).status).toBe(200);
    await expectCountsRight();

    // The site's feedback, an appeal of a rejection, an edit (queued again) and a delete.
    expect((await asSite(news.apiKey).post('/v1/comments/n-ok/feedback', { label: 'spam' })).status).toBe(
      200,
    );
    expect(
      (await asSite(news.apiKey).post('/v1/comments/n-bad/appeal', { text: 'It was a joke.' })).status,
    ).toBe(201);
    await expectCountsRight();
    const edited = await asSite(news.apiKey).put('/v1/comments/n-held', { content: 'Kinder words' });
    expect(edited.body).toMatchObject({ status: 'queued' });
    await expectCountsRight();
    await moderate(held);
    expect((await asSite(blog.apiKey).delete('/v1/comments/b-ok')).status).toBe(200);
    await expectCountsRight();

    // An author action over every waiting comment of the author, then their erasure.
    await post(news.apiKey, 'n-flood-1', 4, 'flooder');
    await post(news.apiKey, 'n-flood-2', 4, 'flooder');
    const action = await asAdmin.post('/v1/authors/id%3Aflooder/actions', {
      siteId: news.id,
      action: 'reject_pending',
      reason: 'flooding',
    });
    expect(action.body.action).toMatchObject({ affected: 2 });
    await expectCountsRight();
    expect((await asAdmin.delete(`/v1/authors/id%3Aflooder?siteId=${news.id}`)).status).toBe(200);
    await expectCountsRight();

    // Retention anonymises old comments and keeps their status.
    await env.pool.query(`UPDATE comments SET received_at = received_at - interval '40 days' WHERE id = $1`, [
      approved,
    ]);
    expect((await applyRetention(env.pool)).comments).toBe(1);
    await expectCountsRight();

    // The stats answer what counting the comments answers, per site and over every site.
    const stats = async (query: string) => (await asAdmin.get(`/v1/review/stats${query}`)).body.counts;
    const byStatus = (rows: Count[]) =>
      rows.reduce<Record<string, number>>(
        (sum, row) => ({ ...sum, [row.status]: (sum[row.status] ?? 0) + row.n }),
        {},
      );
    const all = await counted();
    expect(await stats(`?siteId=${news.id}`)).toMatchObject(
      byStatus(all.filter((row) => row.site === news.id)),
    );
    expect(await stats('')).toMatchObject(byStatus(all));
    expect(new Set(all.map((row) => row.status))).toEqual(
      new Set(['queued', 'approved', 'pending_review', 'rejected', 'appealed', 'deleted']),
    );
  });

  it('stay right when rows are deleted, inserted many at once from another schema path, or truncated', async () => {
    const { rows } = await env.pool.query<{ schema: string }>('SELECT current_schema() AS schema');
    const schema = rows[0]!.schema;
    const other = await env.pool.connect();
    try {
      // A writer whose search path does not hold the table still counts into this schema's table.
      await other.query('SET search_path = public');
      await other.query(
        `INSERT INTO ${schema}.comments (site_id, external_id, content, status)
         SELECT $1, 'raw-' || i, 'x', CASE WHEN i % 2 = 0 THEN 'approved' ELSE 'rejected' END
           FROM generate_series(1, 50) i`,
        [blog.id],
      );
      await expectCountsRight();
      await other.query(
        `DELETE FROM ${schema}.comments WHERE external_id LIKE 'raw-%' AND status = 'rejected'`,
      );
      await expectCountsRight();
      await other.query(`UPDATE ${schema}.comments SET site_id = $1 WHERE external_id = 'raw-2'`, [news.id]);
      await expectCountsRight();
    } finally {
      other.release();
    }
    // Comments written at once from many connections land on several shards, and still sum right.
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        asSite(news.apiKey).post('/v1/comments', { id: `many-${i}`, content: `Comment ${i}` }),
      ),
    );
    await expectCountsRight();
  });

  it('two transactions writing at once count into shards of their own, so neither waits for the other', async () => {
    const quiet = await createSiteViaApi(t.app, { name: 'Quiet' });
    const [first, second] = [await env.pool.connect(), await env.pool.connect()];
    const insert = (client: typeof first, id: string) =>
      client.query(`INSERT INTO comments (site_id, external_id, content) VALUES ($1, $2, 'x')`, [
        quiet.id,
        id,
      ]);
    try {
      await first.query('BEGIN');
      await insert(first, 'first');
      await second.query("BEGIN; SET LOCAL lock_timeout = '5s'");
      // Had both chosen one shard, this would wait for the first transaction's row, and time out.
      await insert(second, 'second');
      await second.query('COMMIT');
      await first.query('COMMIT');
    } finally {
      first.release();
      second.release();
    }
    const { rows } = await env.pool.query<{ shard: number; n: string }>(
      'SELECT shard, n FROM comment_counts WHERE site_id = $1 ORDER BY shard',
      [quiet.id],
    );
    expect(rows).toHaveLength(2);
    expect(rows.map((row) => row.n)).toEqual(['1', '1']);
    await expectCountsRight();
  });

  it('are filled from the comments already stored when the migration runs', async () => {
    const before = await counted();
    expect(before.length).toBeGreaterThan(0);
    await env.pool.query(`
      DROP TABLE comment_counts;
      DROP FUNCTION comment_counts_changed, comment_counts_moved, comment_counts_truncated, comment_counts_shard CASCADE;
      DELETE FROM schema_migrations WHERE name = '070-comment-counts';`);
    expect(await migrate(env.pool)).toEqual(['070-comment-counts']);
    expect(await kept()).toEqual(before);
    await env.pool.query('TRUNCATE comments CASCADE');
    expect(await kept()).toEqual([]);
  });
});
