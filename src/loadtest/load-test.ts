import { randomBytes } from 'node:crypto';
import { commentBody } from './comments';
import { summarize, type Summary } from './latency';

export interface LoadTestOptions {
  /** The deployment's base URL, e.g. https://moderation.example.org. */
  url: string;
  /** A site's API key: every comment is posted as that site. */
  key: string;
  /** Comments per second, sent on schedule whatever the answers (an open loop). */
  rate: number;
  durationS: number;
  /** `Prefer: wait` seconds; 0 polls GET /v1/comments/:id for the verdict instead. */
  waitS: number;
  /** Characters of each comment's text. */
  chars: number;
  /** After the last comment, how long verdicts still pending are awaited. */
  drainS: number;
}

export interface LoadTestResult {
  sent: number;
  seconds: number;
  /** Answers by status code; 0 means no answer (refused, reset, timed out). */
  statuses: Record<string, number>;
  /** Client-side latency of the 202 answers, from when each comment was due. */
  accepted: Summary;
  /** From when each comment was due to its verdict. */
  verdict: Summary;
  /** Accepted comments whose verdict had not come when the drain ended. */
  undecided: number;
  /** Verdicts by the status they gave. */
  outcomes: Record<string, number>;
}

interface Answer {
  status: number;
  body: { status?: string; receivedAt?: string; decidedAt?: string | null } | null;
  verdictApplied: boolean;
}

const now = () => performance.now();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function call(url: string, init: RequestInit, timeoutMs: number): Promise<Answer> {
  try {
    const res = await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
    const body = res.headers.get('content-type')?.includes('json') ? await res.json() : await res.text();
    return {
      status: res.status,
      body: typeof body === 'object' ? body : null,
      verdictApplied: res.headers.has('preference-applied'),
    };
  } catch {
    return { status: 0, body: null, verdictApplied: false };
  }
}

/** Still queued: the worker has not given its verdict. */
const isQueued = (answer: Answer) => answer.body?.status === 'queued';

/**
 * Posts realistic comments (clean, profane, full of links, a spam campaign; see comments.ts) to a
 * deployment at a fixed rate, each with a fresh id, and measures the 202s and the time to each
 * verdict. `progress` is called about once a second. Stops by itself after durationS + drainS at most.
 */
export async function runLoadTest(
  options: LoadTestOptions,
  progress: (line: string) => void = () => undefined,
): Promise<LoadTestResult> {
  const base = options.url.replace(/\/+$/, '');
  const headers = { authorization: `Bearer ${options.key}`, 'content-type': 'application/json' };
  const label = `load-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
  const count = Math.max(1, Math.round(options.rate * options.durationS));
  const started = now();
  const drainUntil = started + (options.durationS + options.drainS) * 1000;
  const statuses: Record<string, number> = {};
  const outcomes: Record<string, number> = {};
  const acceptedMs: number[] = [];
  const verdictMs: number[] = [];
  let sent = 0;
  let undecided = 0;

  const decided = (body: Answer['body'], ms: number) => {
    verdictMs.push(ms);
    const outcome = body?.status ?? 'unknown';
    outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
  };

  /** Polls until the verdict, backing off from 100 ms to 1 s so polling stays a small share of the load. */
  async function pollVerdict(id: string, dueAt: number, answeredMs: number): Promise<void> {
    for (let delay = 100; now() < drainUntil; delay = Math.min(1_000, delay * 2)) {
      await sleep(delay);
      const answer = await call(`${base}/v1/comments/${encodeURIComponent(id)}`, { headers }, 10_000);
      if (answer.status !== 200 || isQueued(answer)) continue;
      const { receivedAt, decidedAt } = answer.body ?? {};
      // The server's own clock times the queue (decidedAt - receivedAt), so the poll interval does not
      // blur it; the client's clock times the way in. Without those fields, the poll's own time.
      const serverMs = receivedAt && decidedAt ? Date.parse(decidedAt) - Date.parse(receivedAt) : NaN;
      decided(answer.body, Number.isFinite(serverMs) ? answeredMs + serverMs : now() - dueAt);
      return;
    }
    undecided++;
  }

  async function one(i: number, dueAt: number): Promise<void> {
    const id = `${label}-${i}`;
    const answer = await call(
      `${base}/v1/comments`,
      {
        method: 'POST',
        headers: options.waitS > 0 ? { ...headers, prefer: `wait=${options.waitS}` } : headers,
        body: commentBody(id, i, options.chars),
      },
      (options.waitS + 10) * 1000,
    );
    const answeredMs = now() - dueAt;
    statuses[answer.status] = (statuses[answer.status] ?? 0) + 1;
    if (answer.status === 200 && answer.verdictApplied) return decided(answer.body, answeredMs);
    if (answer.status !== 202) return;
    acceptedMs.push(answeredMs);
    await pollVerdict(id, dueAt, answeredMs);
  }

  const report = setInterval(() => {
    const seconds = Math.round((now() - started) / 1000);
    const answered = Object.values(statuses).reduce((a, b) => a + b, 0);
    const refused = answered - (statuses['202'] ?? 0) - (statuses['200'] ?? 0);
    progress(
      `[${String(seconds).padStart(4)} s] sent ${sent}/${count}, answered ${answered} (${refused} not accepted), ` +
        `verdicts ${verdictMs.length}`,
    );
  }, 1_000);
  const inflight: Promise<void>[] = [];
  try {
    for (let i = 0; i < count; i++) {
      // Due on schedule whatever earlier comments are doing, and timed from then: a slow server
      // cannot hide its queueing by slowing the sender down (no coordinated omission).
      const dueAt = started + (i * 1000) / options.rate;
      const wait = dueAt - now();
      if (wait > 1) await sleep(wait);
      inflight.push(one(i, dueAt));
      sent++;
    }
    await Promise.all(inflight);
  } finally {
    clearInterval(report);
  }
  return {
    sent,
    seconds: Math.round((now() - started) / 100) / 10,
    statuses,
    accepted: summarize(acceptedMs),
    verdict: summarize(verdictMs),
    undecided,
    outcomes,
  };
}

const ms = (s: Summary) =>
  s.count === 0 ? 'none' : `p50 ${s.p50} · p90 ${s.p90} · p99 ${s.p99} · max ${s.max} ms (${s.count})`;

/** The result as a person reads it, then one JSON line for scripts. */
export function formatLoadTest(options: LoadTestOptions, result: LoadTestResult): string {
  const how = options.waitS > 0 ? `Prefer: wait=${options.waitS}, then polling` : 'polling';
  const answers = Object.entries(result.statuses)
    .map(([status, n]) => `${status === '0' ? 'no answer' : status} × ${n}`)
    .join(', ');
  const lines = [
    `load test of ${options.url}: ${options.rate} comments/s for ${options.durationS} s (verdicts by ${how})`,
    `sent            ${result.sent} in ${result.seconds} s`,
    `answers         ${answers}`,
    `202 latency     ${ms(result.accepted)}`,
    `time to verdict ${ms(result.verdict)}`,
    `verdicts        ${
      Object.entries(result.outcomes)
        .map(([status, n]) => `${status} × ${n}`)
        .join(', ') || 'none'
    }; ${result.undecided} undecided after ${options.drainS} s`,
  ];
  if (result.statuses['429']) {
    lines.push('429: the site hit its per-minute limit (RATE_LIMIT_PER_MINUTE); raise it for the test.');
  }
  return `${lines.join('\n')}\n${JSON.stringify({ options: { ...options, key: undefined }, ...result })}\n`;
}
