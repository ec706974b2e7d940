import request from 'supertest';
import { Pool } from 'pg';
import { loadConfig } from '../../src/config';
import { createPool } from '../../src/db/pool';
import { migrate } from '../../src/db/migrate';
import {
  ADMIN_TOKEN,
  createTestApp,
  deleteKeys,
  REDIS_URL,
  uniqueName,
  type TestApp,
  type TestEnv,
} from '../helpers/test-env';
import { createSiteViaApi } from '../helpers/fixtures';
import { createTestModerator, scored, scoredByMarker, submitAndModerate } from '../helpers/moderation';
import { bearer } from '../helpers/problems';
import { canStartReplica, startStreamingReplica, type StreamingReplica } from '../helpers/streaming-replica';

/**
 * DATABASE_READ_URL against a real streaming replica: a throw-away primary and hot standby started
 * for this file (tests/helpers/streaming-replica.ts). Needs PostgreSQL's server programs, which CI's
 * machine has; where they are missing the file says so and runs nothing.
 */
const describeWithReplica = canStartReplica() ? describe : describe.skip;
if (!canStartReplica()) console.warn('streaming-replica.test.ts: no initdb on this machine; skipped');

let cluster: StreamingReplica;
let env: TestEnv;
let readPool: Pool;
let t: TestApp;
let apiKey: string;

beforeAll(async () => {
  if (!canStartReplica()) return;
  cluster = await startStreamingReplica();
  const config = loadConfig('all-in-one', {
    DATABASE_URL: cluster.primaryUrl,
    DATABASE_READ_URL: cluster.replicaUrl,
    REDIS_URL,
    QUEUE_PREFIX: uniqueName('q'),
    ADMIN_TOKEN,
    LOG_LEVEL: 'silent',
    AUTH_CACHE_MS: '0',
  });
  const pool = new Pool({ connectionString: config.DATABASE_URL, max: 5 });
  await migrate(pool);
  env = {
    config,
    pool,
    env: {},
    async cleanup() {
      await pool.end();
      await deleteKeys(REDIS_URL, `${config.QUEUE_PREFIX}:*`);
    },
  };
  readPool = createPool(config.DATABASE_READ_URL!, { max: 2, readOnly: true, statementTimeoutMs: 5_000 });
  t = createTestApp(env, undefined, { readPool });
  apiKey = (await createSiteViaApi(t.app, { name: 'Replicated' })).apiKey;
}, 120_000);
afterAll(async () => {
  if (!cluster) return;
  await t?.close();
  await readPool?.end();
  await env?.cleanup();
  await cluster.stop();
}, 30_000);

const get = (path: string) => request(t.app).get(path).set('authorization', bearer(ADMIN_TOKEN));

describeWithReplica('with DATABASE_READ_URL on a streaming replica', () => {
  it('the read pool is the standby, and refuses writes as one', async () => {
    const { rows } = await readPool.query('SELECT pg_is_in_recovery() AS standby');
    expect(rows[0].standby).toBe(true);
    await expect(readPool.query("UPDATE sites SET name = 'changed'")).rejects.toMatchObject({
      code: '25006',
    });
  });

  it('a comment held on the primary shows in the queue, stats and audit once the replica has it', async () => {
    const moderate = createTestModerator(env, scoredByMarker);
    const id = await submitAndModerate(t.app, moderate, apiKey, { id: 'held', content: scored(5) });
    await cluster.caughtUp();

    const queue = await get('/v1/review/queue');
    expect(queue.status).toBe(200);
    expect(queue.body.items.map((item: { id: string }) => item.id)).toEqual([id]);
    const stats = await get('/v1/review/stats');
    expect(stats.body.counts.pending_review).toBe(1);
    const audit = await get('/v1/audit');
    expect(audit.body.items.map((entry: { commentId: string }) => entry.commentId)).toEqual([id]);

    // The decision goes to the primary, and reaches the replica's queue after replay.
    const decided = await request(t.app)
      .post(`/v1/review/items/${id}/decision`)
      .set('authorization', bearer(ADMIN_TOKEN))
      .send({ action: 'approve', version: queue.body.items[0].version });
    expect(decided.status).toBe(200);
    await cluster.caughtUp();
    expect((await get('/v1/review/queue')).body.items).toEqual([]);
  });
});
