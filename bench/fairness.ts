import { commentText } from '../src/loadtest/comments';
import { createSitesService } from '../src/sites/sites-service';
import { createCallbackUrlCheck } from '../src/delivery/callback-url-check';
import { freePort, startNode, waitForHttp } from './processes';
import { createScratch } from './scratch';

/** A flood from one site, and how long another site's single comment waits behind it. */
export interface FairnessFigures {
  flood: number;
  /** The single comment's POST with `Prefer: wait=10` until its verdict came back, in ms. */
  delayMs: number;
  /** received_at → decided_at of the single comment (PostgreSQL's clock): queueing and moderation. */
  queueToVerdictMs: number;
  /** The flood's comments decided before the single one, of the `queuedAhead` that arrived before it. */
  floodDecidedBefore: number;
  queuedAhead: number;
}

/**
 * One site posts `flood` comments at once (batches of 500, back to back) to the real api and worker
 * processes; right after its last batch, another site posts one comment and waits for its verdict.
 * Without fairness that comment waits for the whole flood; with it, for the flood's fast lane and
 * the jobs in flight (target: ≤ 1 s of queueing).
 */
export async function benchFairness(flood = 10_000): Promise<FairnessFigures> {
  const scratch = await createScratch('fair');
  const sites = createSitesService({
    pool: scratch.pool,
    checkCallbackUrl: createCallbackUrlCheck({ allowHosts: [] }),
    keyGraceSeconds: 0,
  });
  const quiet = await sites.create({ name: 'bench quiet site' });
  const port = await freePort();
  const worker = startNode('worker', 'src/processes/workers.js', { env: scratch.serviceEnv() });
  const api = startNode('api', 'src/processes/api.js', { env: scratch.serviceEnv({ PORT: String(port) }) });
  const base = `http://127.0.0.1:${port}`;
  const post = async (path: string, apiKey: string, body: unknown, headers: Record<string, string> = {}) => {
    const res = await fetch(`${base}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${apiKey}`, ...headers },
      body: JSON.stringify(body),
    });
    const text = await res.text();
    if (res.status !== 202 && res.status !== 200) throw new Error(`${path} answered ${res.status}: ${text}`);
    return JSON.parse(text) as { id: string; status?: string };
  };
  try {
    await waitForHttp(api, `${base}/healthz`);
    for (let from = 0; from < flood; from += 500) {
      const comments = Array.from({ length: Math.min(500, flood - from) }, (_, i) => ({
        id: `flood-${from + i}`,
        content: commentText(from + i, 150),
      }));
      await post('/v1/comments/batch', scratch.apiKey, { comments });
    }
    const started = performance.now();
    const single = await post(
      '/v1/comments',
      quiet.apiKey,
      { id: 'quiet-1', content: commentText(1, 150) },
      {
        prefer: 'wait=10',
      },
    );
    const delayMs = performance.now() - started;
    if (single.status === 'queued') throw new Error('the single comment got no verdict within 10 s');
    const { rows } = await scratch.pool.query<{ before: number; ahead: number; queue_ms: number }>(
      `SELECT (SELECT count(*) FROM decisions d JOIN comments c ON c.id = d.comment_id
                WHERE c.site_id = $1 AND d.created_at <= q.decided_at)::int AS before,
              (SELECT count(*) FROM comments WHERE site_id = $1 AND received_at <= q.received_at)::int AS ahead,
              extract(epoch FROM q.decided_at - q.received_at) * 1000 AS queue_ms
         FROM (SELECT received_at, decided_at FROM comments WHERE id = $2) q`,
      [scratch.siteId, single.id],
    );
    return {
      flood,
      delayMs,
      queueToVerdictMs: Number(rows[0]!.queue_ms),
      floodDecidedBefore: rows[0]!.before,
      queuedAhead: rows[0]!.ahead,
    };
  } finally {
    await Promise.all([api.stop(), worker.stop()]);
  }
}
