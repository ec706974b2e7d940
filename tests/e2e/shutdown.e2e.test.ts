import { Agent, request } from 'node:http';
import { ADMIN_TOKEN, createTestEnv, type TestEnv } from '../helpers/test-env';
import { createHttpClient } from '../helpers/http-client';
import { killAllThen, startApi, type ApiProcess } from '../helpers/processes';

/**
 * SIGTERM under load from keep-alive clients, on the built api process: no request is reset, every
 * 202 has its stored row, and the answers sent while draining carry `Connection: close`.
 */
const CLIENTS = 12;
const SHUTDOWN_TIMEOUT_MS = 10_000;

let testEnv: TestEnv;
let api: ApiProcess;

beforeAll(async () => {
  testEnv = await createTestEnv();
  api = await startApi(testEnv.env, { SHUTDOWN_TIMEOUT_MS: String(SHUTDOWN_TIMEOUT_MS) });
}, 60_000);

afterAll(() => killAllThen(() => testEnv?.cleanup()));

interface Answer {
  status: number;
  connection: string | undefined;
}

/** One POST on the agent's kept-alive connections; rejects with the socket error, if any. */
function post(agent: Agent, apiKey: string, id: string): Promise<Answer> {
  const body = JSON.stringify({ id, content: `Comment ${id}, sent while the api stops.` });
  return new Promise((resolve, reject) => {
    const req = request(
      `${api.url}/v1/comments`,
      {
        method: 'POST',
        agent,
        headers: {
          authorization: `Bearer ${apiKey}`,
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode!, connection: res.headers.connection }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

it('when SIGTERM arrives under keep-alive load, no request is reset and every 202 has its row', async () => {
  const site = (
    await createHttpClient(api.url)('POST', '/v1/sites', { token: ADMIN_TOKEN, body: { name: 'Busy' } })
  ).body;
  const agent = new Agent({ keepAlive: true, maxSockets: CLIENTS });
  const accepted: string[] = [];
  const answers: Answer[] = [];
  const resets: string[] = [];
  let stopping = false;
  let sent = 0;

  // Each client posts one comment after another until the api refuses new connections.
  const client = async (n: number) => {
    for (let i = 0; ; i++) {
      const id = `c${n}-${i}`;
      sent += 1;
      try {
        const answer = await post(agent, site.apiKey, id);
        answers.push(answer);
        if (answer.status === 202) accepted.push(id);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        // A new connection refused once the api stopped listening: the request was never sent.
        if (stopping && code === 'ECONNREFUSED') return;
        resets.push(`${id}: ${code ?? (error as Error).message}`);
        if (stopping) return;
      }
    }
  };
  const clients = Array.from({ length: CLIENTS }, (_, n) => client(n));
  // Load first, then the signal in the middle of it.
  while (accepted.length < 200) await new Promise((resolve) => setTimeout(resolve, 20));
  stopping = true;
  const exit = await api.stop(SHUTDOWN_TIMEOUT_MS + 5_000);
  await Promise.all(clients);
  agent.destroy();

  expect({ exit, output: exit.code === 0 ? '' : api.output() }).toMatchObject({
    exit: { code: 0, signal: null, timedOut: false },
  });
  expect(resets).toEqual([]);
  expect(answers.every((answer) => answer.status === 202)).toBe(true);
  // The connections busy at the signal learnt to close from their last answer.
  expect(answers.filter((answer) => answer.connection === 'close').length).toBeGreaterThan(0);
  const { rows } = await testEnv.pool.query<{ external_id: string }>(
    'SELECT external_id FROM comments WHERE site_id = $1',
    [site.id],
  );
  const stored = new Set(rows.map((row) => row.external_id));
  expect(accepted.filter((id) => !stored.has(id))).toEqual([]);
  console.info(`${sent} requests sent, ${accepted.length} accepted, api stopped in ${exit.tookMs} ms`);
}, 60_000);
