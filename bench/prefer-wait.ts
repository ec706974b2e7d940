import { Agent, request } from 'node:http';
import { commentBody } from './comments';
import { freePort, sleep, startNode, stopAllChildren, waitForHttp } from './processes';
import { cleanupScratch, createScratch } from './scratch';
import { summarize, wallNow, type Summary } from './stats';

/** What `Prefer: wait` costs a site: the time from sending a comment to holding its verdict. */
export interface PreferWaitFigures {
  rate: number;
  durationS: number;
  waitS: number;
  sent: number;
  /** Responses by status; 0 is a request that failed or timed out on the client. */
  statuses: Record<string, number>;
  /** 200 with `Preference-Applied`: the verdict came within the wait. */
  applied: number;
  /** Intended send time → response, over the answers that carried the verdict. */
  verdict: Summary;
  /** Intended send time → response, over every answer (202s included). */
  all: Summary;
  /** received_at → decided_at, both PostgreSQL now(): insert, queue wait and moderation. */
  queueToVerdict: Summary;
  /** decided_at → the response at the client: the completion event, the re-read and the answer. */
  verdictToResponse: Summary;
}

interface Answer {
  status: number;
  applied: boolean;
}

type Timed = Answer & { id: string; latencyMs: number; respondedAt: number };

function postWaiting(
  agent: Agent,
  base: string,
  apiKey: string,
  body: string,
  waitS: number,
): Promise<Answer> {
  return new Promise((resolve) => {
    const req = request(
      `${base}/v1/comments`,
      {
        method: 'POST',
        agent,
        timeout: (waitS + 5) * 1000,
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${apiKey}`,
          prefer: `wait=${waitS}`,
        },
      },
      (res) => {
        res.resume();
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, applied: res.headers['preference-applied'] !== undefined }),
        );
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', () => resolve({ status: 0, applied: false }));
    req.end(body);
  });
}

/**
 * Open-loop load, as bench/end-to-end.ts: comment i is due at start + i/rate and its latency counts
 * from then, so a slow answer cannot hold back (and hide) the ones after it.
 */
async function sendAtRate(
  base: string,
  apiKey: string,
  label: string,
  rate: number,
  count: number,
  waitS: number,
) {
  const agent = new Agent({ keepAlive: true, maxSockets: 512 });
  const answers: Timed[] = [];
  const inflight: Promise<void>[] = [];
  const start = wallNow();
  for (let i = 0; i < count; i++) {
    const intendedAt = start + (i * 1000) / rate;
    const wait = intendedAt - wallNow();
    if (wait > 0.5) await sleep(wait);
    const id = `${label}-${i}`;
    inflight.push(
      postWaiting(agent, base, apiKey, commentBody(id, i), waitS).then((answer) => {
        const respondedAt = wallNow();
        answers.push({ ...answer, id, respondedAt, latencyMs: respondedAt - intendedAt });
      }),
    );
  }
  await Promise.all(inflight);
  agent.destroy();
  return answers;
}

/**
 * `Prefer: wait` verdicts at a fixed rate with the real api and worker processes: how long a site
 * waits for a verdict it asked to wait for (target: p50 ≤ 15 ms at 100 comments/s).
 */
export async function benchPreferWait(
  rate: number,
  durationS: number,
  waitS = 5,
): Promise<PreferWaitFigures> {
  const scratch = await createScratch('prefer');
  const port = await freePort();
  const worker = startNode('worker', 'workers/moderation.worker.js', { env: scratch.serviceEnv() });
  const api = startNode('api', 'src/main.js', { env: scratch.serviceEnv({ PORT: String(port) }) });
  try {
    const base = `http://127.0.0.1:${port}`;
    await waitForHttp(api, `${base}/healthz`);
    // Warm-up (JIT, pools, the checks' matchers) and proof that the worker consumes.
    const warm = await sendAtRate(base, scratch.apiKey, 'warm', rate, Math.ceil(rate / 2), waitS);
    if (!warm.some((answer) => answer.applied)) throw new Error('no verdict came back during the warm-up');

    const count = Math.round(rate * durationS);
    const answers = await sendAtRate(base, scratch.apiKey, 'prefer', rate, count, waitS);
    const statuses: Record<string, number> = {};
    for (const { status } of answers) statuses[status] = (statuses[status] ?? 0) + 1;
    const withVerdict = answers.filter((answer) => answer.applied);
    const { rows } = await scratch.pool.query<{
      external_id: string;
      received: number;
      decided: number | null;
    }>(
      `SELECT external_id,
              extract(epoch FROM received_at)::float8 * 1000 AS received,
              extract(epoch FROM decided_at)::float8 * 1000 AS decided
       FROM comments WHERE external_id LIKE 'prefer-%'`,
    );
    const byId = new Map(rows.map((row) => [row.external_id, row]));
    const queueToVerdict: number[] = [];
    const verdictToResponse: number[] = [];
    for (const answer of withVerdict) {
      const row = byId.get(answer.id);
      if (!row || row.decided === null) continue;
      queueToVerdict.push(row.decided - row.received);
      verdictToResponse.push(answer.respondedAt - row.decided);
    }
    return {
      rate,
      durationS,
      waitS,
      sent: count,
      statuses,
      applied: withVerdict.length,
      verdict: summarize(withVerdict.map((answer) => answer.latencyMs)),
      all: summarize(answers.map((answer) => answer.latencyMs)),
      queueToVerdict: summarize(queueToVerdict),
      verdictToResponse: summarize(verdictToResponse),
    };
  } finally {
    await Promise.all([api.stop(), worker.stop()]);
  }
}

// `node dist/bench/prefer-wait.js` runs it alone (after `npm run build`); BENCH_PREFER_* reshape it.
if (require.main === module) {
  const setting = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
  benchPreferWait(setting('BENCH_PREFER_RATE', 100), setting('BENCH_PREFER_DURATION_S', 10))
    .then((figures) => console.log(JSON.stringify(figures)))
    .catch((error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    })
    .finally(async () => {
      await stopAllChildren();
      await cleanupScratch();
    });
}
