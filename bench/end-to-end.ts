import { Agent, request } from 'node:http';
import type { Pool } from 'pg';
import { commentBody } from './comments';
import { freePort, sleep, startNode, waitForHttp } from './processes';
import { createScratch } from './scratch';
import { summarize, wallNow, type Summary } from './stats';

export interface EndToEndFigures {
  rate: number;
  durationS: number;
  sent: number;
  accepted: number;
  /** Responses by status; 0 is a request that failed or timed out (10 s) on the client. */
  statuses: Record<string, number>;
  decided: number;
  /** Comments not decided within the grace period after the load: counted as misses, not hidden. */
  undecided: number;
  /** Intended send time (client) → decided_at (PostgreSQL): POST to stored verdict. */
  endToEnd: Summary;
  /** Client-side POST latency, from intended send time to the response. */
  post: Summary;
  /** received_at → decided_at, both PostgreSQL now(): queue wait + moderation. */
  queueToVerdict: Summary;
}

interface Sent {
  intendedAt: number;
  respondedAt: number;
  status: number;
}

function postOne(agent: Agent, base: string, apiKey: string, body: string): Promise<number> {
  return new Promise((resolve) => {
    const req = request(
      `${base}/v1/comments`,
      {
        method: 'POST',
        agent,
        timeout: 10_000,
        headers: { 'content-type': 'application/json', authorization: `Bearer ${apiKey}` },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', () => resolve(0));
    req.end(body);
  });
}

/**
 * Open-loop load: comment i is due at start + i/rate whatever the earlier ones are doing, and its
 * latency counts from when it was due, so a slow server cannot hide its queueing (no coordinated omission).
 */
async function postAtRate(
  base: string,
  apiKey: string,
  label: string,
  rate: number,
  count: number,
): Promise<Map<string, Sent>> {
  const agent = new Agent({ keepAlive: true, maxSockets: 256 });
  const sent = new Map<string, Sent>();
  const inflight: Promise<void>[] = [];
  const start = wallNow();
  for (let i = 0; i < count; i++) {
    const intendedAt = start + (i * 1000) / rate;
    const wait = intendedAt - wallNow();
    if (wait > 0.5) await sleep(wait);
    const id = `${label}-${i}`;
    inflight.push(
      postOne(agent, base, apiKey, commentBody(id, i)).then((status) => {
        sent.set(id, { intendedAt, respondedAt: wallNow(), status });
      }),
    );
  }
  await Promise.all(inflight);
  agent.destroy();
  return sent;
}

/** Waits until no comment with this label is still queued, or the grace period ends. */
async function waitUntilDecided(pool: Pool, label: string, graceMs: number): Promise<void> {
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline) {
    const { rows } = await pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM comments WHERE status = 'queued' AND external_id LIKE $1`,
      [`${label}-%`],
    );
    if (rows[0]!.n === 0) return;
    await sleep(100);
  }
}

/** Time from POST to stored verdict at a fixed rate, with the real api and worker processes running. */
export async function benchEndToEnd(rate: number, durationS: number): Promise<EndToEndFigures> {
  const scratch = await createScratch('e2e');
  const port = await freePort();
  const worker = startNode('worker', 'workers/moderation.worker.js', { env: scratch.serviceEnv() });
  const api = startNode('api', 'src/main.js', { env: scratch.serviceEnv({ PORT: String(port) }) });
  try {
    const base = `http://127.0.0.1:${port}`;
    await waitForHttp(api, `${base}/healthz`);
    // Warm-up, and proof that the worker consumes: a short burst at the same rate, fully decided.
    await postAtRate(base, scratch.apiKey, 'warm', rate, Math.ceil(rate / 2));
    await waitUntilDecided(scratch.pool, 'warm', 30_000);

    const count = Math.round(rate * durationS);
    const sent = await postAtRate(base, scratch.apiKey, 'e2e', rate, count);
    await waitUntilDecided(scratch.pool, 'e2e', 20_000);
    const { rows } = await scratch.pool.query<{
      external_id: string;
      received: number;
      decided: number | null;
    }>(
      `SELECT external_id,
              extract(epoch FROM received_at)::float8 * 1000 AS received,
              extract(epoch FROM decided_at)::float8 * 1000 AS decided
       FROM comments WHERE external_id LIKE 'e2e-%'`,
    );
    const endToEnd: number[] = [];
    const queueToVerdict: number[] = [];
    for (const row of rows) {
      const client = sent.get(row.external_id);
      if (!client || row.decided === null) continue;
      endToEnd.push(row.decided - client.intendedAt);
      queueToVerdict.push(row.decided - row.received);
    }
    const responses = [...sent.values()];
    const statuses: Record<string, number> = {};
    for (const { status } of responses) statuses[status] = (statuses[status] ?? 0) + 1;
    return {
      rate,
      durationS,
      sent: count,
      accepted: statuses[202] ?? 0,
      statuses,
      decided: endToEnd.length,
      undecided: count - endToEnd.length,
      endToEnd: summarize(endToEnd),
      post: summarize(responses.map((r) => r.respondedAt - r.intendedAt)),
      queueToVerdict: summarize(queueToVerdict),
    };
  } finally {
    await Promise.all([api.stop(), worker.stop()]);
  }
}
