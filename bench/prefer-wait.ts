import { countStatuses, decisionTimes, postAtRate } from './open-loop';
import { freePort, startNode, stopAllChildren, waitForHttp } from './processes';
import { cleanupScratch, createScratch } from './scratch';
import { summarize, type Summary } from './stats';

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
  const worker = startNode('worker', 'src/processes/workers.js', { env: scratch.serviceEnv() });
  const api = startNode('api', 'src/processes/api.js', { env: scratch.serviceEnv({ PORT: String(port) }) });
  try {
    const base = `http://127.0.0.1:${port}`;
    await waitForHttp(api, `${base}/healthz`);
    // Warm-up (JIT, pools, the checks' matchers) and proof that the worker consumes.
    const warm = await postAtRate(base, scratch.apiKey, 'warm', rate, Math.ceil(rate / 2), waitS);
    if (!warm.some((answer) => answer.applied)) throw new Error('no verdict came back during the warm-up');

    const count = Math.round(rate * durationS);
    const answers = await postAtRate(base, scratch.apiKey, 'prefer', rate, count, waitS);
    const statuses = countStatuses(answers);
    const withVerdict = answers.filter((answer) => answer.applied);
    const byId = await decisionTimes(scratch.pool, 'prefer');
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
      verdict: summarize(withVerdict.map((answer) => answer.respondedAt - answer.intendedAt)),
      all: summarize(answers.map((answer) => answer.respondedAt - answer.intendedAt)),
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
