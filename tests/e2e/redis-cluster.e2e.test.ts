import { ADMIN_TOKEN, createTestEnv, uniqueName, type TestEnv } from '../helpers/test-env';
import { createHttpClient, type HttpClient } from '../helpers/http-client';
import { startWebhookReceiver, type WebhookReceiver } from '../helpers/webhook-receiver';
import { startRedisCluster, type LocalRedisCluster } from '../helpers/redis-cluster';
import {
  killAllThen,
  startApi,
  startWorker,
  waitWhileRunning,
  type ServiceProcess,
} from '../helpers/processes';

/**
 * The service on a real Redis Cluster (six local nodes: three masters, three replicas), as a
 * network of sites would run it: two api processes and three worker processes, the moderation load
 * spread over three hash-tagged queues. A master is killed in the middle of the load; a replica
 * takes over, and every comment acknowledged with a 202 still gets exactly one verdict and its
 * callback (what Redis lost, the sweeper finds queued in PostgreSQL).
 */

const SITES = 4;
const TOTAL = 2_000;
const KILL_AFTER = 700;
const QUEUES = 3;

let cluster: LocalRedisCluster | undefined;
let testEnv: TestEnv | undefined;
let receiver: WebhookReceiver | undefined;

afterAll(() =>
  killAllThen(
    () => receiver?.close(),
    () => cluster?.stop(),
    () => testEnv?.cleanup(),
  ),
);

const CONTENTS = [
  'I agree with the author, the numbers speak for themselves.',
  'This is a shitty article written by a fucking idiot',
  'Buy now http://a.example http://b.example http://c.example http://d.example',
  'Could you publish the underlying data set as well?',
];

async function createSite(http: HttpClient, name: string, callbackUrl: string): Promise<{ apiKey: string }> {
  const res = await http('POST', '/v1/sites', { token: ADMIN_TOKEN, body: { name, callbackUrl } });
  if (res.status !== 201) throw new Error(`site creation failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

it('on a Redis Cluster that loses a master mid-load, every acknowledged comment gets one verdict and its callback', async () => {
  cluster = await startRedisCluster();
  testEnv = await createTestEnv();
  receiver = await startWebhookReceiver();
  const prefix = uniqueName('c');
  const env = {
    ...testEnv.env,
    REDIS_URL: cluster.url,
    QUEUE_PREFIX: `{${prefix}}`,
    REDIS_KEY_PREFIX: prefix,
    MODERATION_QUEUES: String(QUEUES),
    CALLBACK_ALLOW_HOSTS: '127.0.0.1',
    WORKER_CONCURRENCY: '30',
    // Five processes beside the other test files: keep PostgreSQL's connections for everyone.
    DATABASE_POOL_MAX: '8',
  };
  const apis = [await startApi(env, {}, 'api-1'), await startApi(env, {}, 'api-2')];
  const workers: ServiceProcess[] = [];
  for (const n of [1, 2, 3]) workers.push(await startWorker(env, {}, undefined, `worker-${n}`));
  const all = [...apis, ...workers];
  const clients = apis.map((api) => createHttpClient(api.url));
  const sites: Array<{ apiKey: string }> = [];
  for (let i = 0; i < SITES; i++)
    sites.push(await createSite(clients[0]!, `Cluster News ${i}`, receiver.url));

  // Posted 16 at a time, alternating sites and api processes; the master holding the first
  // moderation queue's slot is killed once KILL_AFTER comments are in.
  const started = Date.now();
  let next = 0;
  const accepted: string[] = [];
  const refused: number[] = [];
  let unavailable = 0;
  let failover: Promise<{ port: number; recoveryMs: number }> | undefined;
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      while (next < TOTAL) {
        const i = next++;
        if (i === KILL_AFTER) failover = cluster!.killMasterOf(`{${prefix}:0}`);
        const id = `c-${i}`;
        const send = () =>
          clients[i % 2]!('POST', '/v1/comments', {
            token: sites[i % SITES]!.apiKey,
            body: { id, content: `${CONTENTS[i % CONTENTS.length]} (${i})` },
          });
        // A kept-alive socket the server closes as it is reused fails the request on the client;
        // sending the same id again is safe (a repeat answers 200 with the stored comment). A 503
        // (PostgreSQL slow to answer on a loaded machine) is retried as a site would after its
        // Retry-After: only what was acknowledged has to be kept.
        let res = await send().catch(send);
        for (let retry = 0; retry < 5 && res.status === 503; retry++) {
          unavailable++;
          await new Promise((resolve) => setTimeout(resolve, 500));
          res = await send().catch(send);
        }
        if (res.status === 202 || res.status === 200) accepted.push(id);
        else refused.push(res.status);
      }
    }),
  );
  const { port, recoveryMs } = await failover!;
  const postedMs = Date.now() - started;
  // Intake answers from PostgreSQL: the failover costs no acknowledgement.
  expect(refused).toEqual([]);
  expect(accepted).toHaveLength(TOTAL);

  const state = await waitWhileRunning(
    all,
    async () => {
      const { rows } = await testEnv!.pool.query<{ queued: number; decided: number; verdicts: number }>(
        `SELECT (SELECT count(*) FROM comments WHERE status = 'queued')::int AS queued,
                (SELECT count(DISTINCT comment_id) FROM decisions)::int AS decided,
                (SELECT count(*) FROM decisions)::int AS verdicts`,
      );
      return rows[0]!;
    },
    (now) => now.queued === 0 && now.decided === TOTAL,
    180_000,
  );
  expect(state.verdicts).toBe(TOTAL);
  console.log(
    `redis cluster: master on port ${port} killed after ${KILL_AFTER} comments; a replica took over in ` +
      `${recoveryMs} ms; ${TOTAL} comments posted in ${postedMs} ms (${unavailable} answers of 503 retried), ` +
      `all decided after ${Date.now() - started} ms`,
  );
  const { rows: stored } = await testEnv.pool.query<{ external_id: string }>(
    'SELECT external_id FROM comments',
  );
  expect(stored.map((row) => row.external_id).sort()).toEqual([...accepted].sort());

  // Every verdict's callback reaches the site, once per event.
  const deliveries = await waitWhileRunning(
    all,
    async () =>
      (
        await testEnv!.pool.query<{ total: number; delivered: number }>(
          `SELECT count(*)::int AS total, count(*) FILTER (WHERE status = 'delivered')::int AS delivered FROM deliveries`,
        )
      ).rows[0]!,
    (now) => now.total > 0 && now.delivered === now.total,
    120_000,
  );
  const webhookIds = new Set(receiver.received.map((callback) => callback.headers['webhook-id']));
  expect(webhookIds.size).toBe(deliveries.total);
}, 600_000);
