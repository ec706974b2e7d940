import { Agent, request } from 'node:http';
import type { Pool } from 'pg';
import { commentBody } from '../src/loadtest/comments';
import { sleep } from './processes';
import { wallNow } from './stats';

/** One comment's POST, as the client saw it. */
export interface Sent {
  id: string;
  /** 0: the request failed or timed out on the client. */
  status: number;
  /** The answer carried `Preference-Applied`: the verdict came within the wait. */
  applied: boolean;
  intendedAt: number;
  respondedAt: number;
}

function postComment(agent: Agent, base: string, apiKey: string, body: string, waitS: number | null) {
  return new Promise<{ status: number; applied: boolean }>((resolve) => {
    const req = request(
      `${base}/v1/comments`,
      {
        method: 'POST',
        agent,
        timeout: ((waitS ?? 0) + 10) * 1000,
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${apiKey}`,
          ...(waitS === null ? {} : { prefer: `wait=${waitS}` }),
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
 * Open-loop load: comment i (id `label-i`) is due at start + i/rate whatever the earlier ones are
 * doing, and its latency counts from when it was due, so a slow server cannot hide its queueing
 * (no coordinated omission). `waitS` adds `Prefer: wait`.
 */
export async function postAtRate(
  base: string,
  apiKey: string,
  label: string,
  rate: number,
  count: number,
  waitS: number | null = null,
): Promise<Sent[]> {
  const agent = new Agent({ keepAlive: true, maxSockets: 512 });
  const sent: Sent[] = [];
  const inflight: Promise<void>[] = [];
  const start = wallNow();
  for (let i = 0; i < count; i++) {
    const intendedAt = start + (i * 1000) / rate;
    const wait = intendedAt - wallNow();
    if (wait > 0.5) await sleep(wait);
    const id = `${label}-${i}`;
    inflight.push(
      postComment(agent, base, apiKey, commentBody(id, i), waitS).then((answer) => {
        sent.push({ id, ...answer, intendedAt, respondedAt: wallNow() });
      }),
    );
  }
  await Promise.all(inflight);
  agent.destroy();
  return sent;
}

/** Responses by status code. */
export function countStatuses(sent: readonly Sent[]): Record<string, number> {
  const statuses: Record<string, number> = {};
  for (const { status } of sent) statuses[status] = (statuses[status] ?? 0) + 1;
  return statuses;
}

/** received_at and decided_at (PostgreSQL now(), in ms) of the comments of a label, by external id. */
export async function decisionTimes(
  pool: Pool,
  label: string,
): Promise<Map<string, { received: number; decided: number | null }>> {
  const { rows } = await pool.query<{ external_id: string; received: number; decided: number | null }>(
    `SELECT external_id,
            extract(epoch FROM received_at)::float8 * 1000 AS received,
            extract(epoch FROM decided_at)::float8 * 1000 AS decided
     FROM comments WHERE external_id LIKE $1`,
    [`${label}-%`],
  );
  return new Map(rows.map((row) => [row.external_id, row]));
}
