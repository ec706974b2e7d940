import type { Pool } from 'pg';
import { costPerComment, rssMb, sampleService, type CommentCost } from './cpu';
import { freePort, sleep, startNode, waitForHttp } from './processes';
import { countStatuses, decisionTimes, postAtRate } from './open-loop';
import { keysMemory } from './redis-memory';
import { createScratch } from './scratch';
import { summarize, type Summary } from './stats';

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
  /**
   * CPU per decided comment over the measured run, by part: the api and worker processes
   * (/proc/<pid>/stat utime + stime), the PostgreSQL backends serving their connections (found
   * through their sockets and pg_stat_activity; PostgreSQL's own background writers not counted),
   * and the whole Redis server (INFO cpu, so anything else on it counts too).
   */
  cpuPerCommentMs: CommentCost;
  /** Resident memory after the run, MB. */
  rssMb: { api: number; worker: number };
  /**
   * The Redis keys of this run's prefix once every comment is decided (BullMQ's and the service's:
   * mostly the crowd index, as jobs are removed when done), and their bytes per comment moderated.
   */
  redis: { keys: number; bytes: number; bytesPerComment: number };
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
  const worker = startNode('worker', 'src/processes/workers.js', { env: scratch.serviceEnv() });
  const api = startNode('api', 'src/processes/api.js', { env: scratch.serviceEnv({ PORT: String(port) }) });
  try {
    const base = `http://127.0.0.1:${port}`;
    await waitForHttp(api, `${base}/healthz`);
    // Warm-up, and proof that the worker consumes: a short burst at the same rate, fully decided.
    const warm = Math.ceil(rate / 2);
    await postAtRate(base, scratch.apiKey, 'warm', rate, warm);
    await waitUntilDecided(scratch.pool, 'warm', 30_000);

    const count = Math.round(rate * durationS);
    const pids = [api.process.pid!, worker.process.pid!] as const;
    const before = await sampleService(...pids, scratch.pool);
    const sent = await postAtRate(base, scratch.apiKey, 'e2e', rate, count);
    await waitUntilDecided(scratch.pool, 'e2e', 20_000);
    const after = await sampleService(...pids, scratch.pool);
    const times = await decisionTimes(scratch.pool, 'e2e');
    const endToEnd: number[] = [];
    const queueToVerdict: number[] = [];
    for (const client of sent) {
      const row = times.get(client.id);
      if (!row || row.decided === null) continue;
      endToEnd.push(row.decided - client.intendedAt);
      queueToVerdict.push(row.decided - row.received);
    }
    const statuses = countStatuses(sent);
    const redis = await keysMemory(`${scratch.prefix}:*`);
    return {
      rate,
      durationS,
      sent: count,
      accepted: statuses[202] ?? 0,
      statuses,
      decided: endToEnd.length,
      undecided: count - endToEnd.length,
      endToEnd: summarize(endToEnd),
      post: summarize(sent.map((r) => r.respondedAt - r.intendedAt)),
      queueToVerdict: summarize(queueToVerdict),
      cpuPerCommentMs: costPerComment(before, after, Math.max(1, endToEnd.length)),
      rssMb: { api: rssMb(pids[0]), worker: rssMb(pids[1]) },
      redis: { ...redis, bytesPerComment: redis.bytes / (warm + endToEnd.length) },
    };
  } finally {
    await Promise.all([api.stop(), worker.stop()]);
  }
}
