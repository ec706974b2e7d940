import request from 'supertest';
import { Pool } from 'pg';
import { createPool } from '../../src/db/pool';
import { migrate } from '../../src/db/migrate';
import {
  ADMIN_TOKEN,
  createTestApp,
  createTestEnv,
  databaseUrlFor,
  PG_BASE,
  uniqueName,
  type TestApp,
  type TestEnv,
} from '../helpers/test-env';
import { createSiteViaApi } from '../helpers/fixtures';
import { createTestModerator, scored, scoredByMarker, submitAndModerate } from '../helpers/moderation';
import { bearer } from '../helpers/problems';

/**
 * DATABASE_READ_URL: the review queue, the stats and the audit log are read from the replica; an
 * item, and every write, from the primary. The "replica" here is a second schema holding a copy of
 * the primary's rows taken at one moment, like a replica lagging behind: what it lacks shows which
 * reads went where. Its pool is read-only, as the api's replica pool is.
 */
let env: TestEnv;
let t: TestApp;
let admin: Pool;
let replicaSchema: string;
let readPool: Pool;
let apiKey: string;
let early: string;
let late: string;

/** Copies the primary's rows into the replica's schema, as replication would have by now. */
async function replicate() {
  const from = env.config.DATABASE_URL.match(/search_path%3D([a-z0-9_]+)/)?.[1];
  for (const table of ['sites', 'moderators', 'comments', 'decisions']) {
    await admin.query(`TRUNCATE ${replicaSchema}.${table} CASCADE`);
  }
  for (const table of ['sites', 'moderators', 'comments', 'decisions']) {
    await admin.query(
      `INSERT INTO ${replicaSchema}.${table} OVERRIDING SYSTEM VALUE SELECT * FROM ${from}.${table}`,
    );
  }
}

beforeAll(async () => {
  env = await createTestEnv();
  admin = new Pool({ connectionString: PG_BASE, max: 1 });
  replicaSchema = uniqueName('replica');
  await admin.query(`CREATE SCHEMA ${replicaSchema}`);
  const migrator = new Pool({ connectionString: databaseUrlFor(replicaSchema), max: 1 });
  await migrate(migrator);
  await migrator.end();
  readPool = createPool(databaseUrlFor(replicaSchema), { max: 2, readOnly: true, statementTimeoutMs: 5_000 });
  t = createTestApp(env, undefined, { readPool });
  const moderate = createTestModerator(env, scoredByMarker);
  const site = await createSiteViaApi(t.app, { name: 'Replicated' });
  apiKey = site.apiKey;
  early = await submitAndModerate(t.app, moderate, apiKey, { id: 'early', content: scored(5) });
  await replicate();
  // Held after the copy: the primary has it, the lagging replica not yet.
  late = await submitAndModerate(t.app, moderate, apiKey, { id: 'late', content: scored(5) });
});
afterAll(async () => {
  await t.close();
  await readPool.end();
  await admin.query(`DROP SCHEMA ${replicaSchema} CASCADE`);
  await admin.end();
  await env.cleanup();
});

const get = (path: string) => request(t.app).get(path).set('authorization', bearer(ADMIN_TOKEN));

describe('with a read replica', () => {
  it('lists the review queue from the replica, which has only what it has received', async () => {
    const res = await get('/v1/review/queue');
    expect(res.status).toBe(200);
    expect(res.body.items.map((item: { id: string }) => item.id)).toEqual([early]);
    const primary = await env.pool.query(
      "SELECT id FROM comments WHERE status = 'pending_review' ORDER BY seq",
    );
    expect(primary.rows.map((row) => row.id)).toEqual([early, late]);
  });

  it('counts the stats and reads the audit log from the replica', async () => {
    const stats = await get('/v1/review/stats');
    expect(stats.status).toBe(200);
    expect(stats.body.counts.pending_review).toBe(1);
    const audit = await get('/v1/audit');
    expect(audit.status).toBe(200);
    expect(audit.body.items.map((entry: { commentId: string }) => entry.commentId)).toEqual([early]);
  });

  it('reads an item, and decides it, on the primary', async () => {
    const item = await get(`/v1/review/items/${late}`);
    expect(item.status).toBe(200);
    const decided = await request(t.app)
      .post(`/v1/review/items/${late}/decision`)
      .set('authorization', bearer(ADMIN_TOKEN))
      .send({ action: 'approve', version: item.body.version });
    expect(decided.status).toBe(200);
    const { rows } = await env.pool.query('SELECT status FROM comments WHERE id = $1', [late]);
    expect(rows[0].status).toBe('approved');
  });

  it('once replication catches up, the queue shows the primary state', async () => {
    await replicate();
    const res = await get('/v1/review/queue');
    expect(res.body.items.map((item: { id: string }) => item.id)).toEqual([early]);
    const stats = await get('/v1/review/stats');
    expect(stats.body.counts).toMatchObject({ pending_review: 1, approved: 1 });
  });
});

describe('pool settings', () => {
  it("a replica's pool refuses writes, keeping the connection string's own options", async () => {
    await expect(readPool.query("UPDATE sites SET name = 'changed'")).rejects.toMatchObject({
      code: '25006',
    });
    const { rows } = await readPool.query('SHOW search_path');
    expect(rows[0].search_path).toBe(replicaSchema);
  });

  it('a statement longer than the timeout is cancelled', async () => {
    const bounded = createPool(env.config.DATABASE_URL, { max: 1, statementTimeoutMs: 200 });
    try {
      await expect(bounded.query('SELECT pg_sleep(2)')).rejects.toMatchObject({ code: '57014' });
      await expect(bounded.query('SELECT 1 AS ok')).resolves.toMatchObject({ rows: [{ ok: 1 }] });
    } finally {
      await bounded.end();
    }
  });

  it('without a timeout, statements run as long as they need', async () => {
    const unbounded = createPool(env.config.DATABASE_URL, { max: 1 });
    try {
      const { rows } = await unbounded.query('SHOW statement_timeout');
      expect(rows[0].statement_timeout).toBe('0');
    } finally {
      await unbounded.end();
    }
  });
});
