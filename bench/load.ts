import autocannon from 'autocannon';
import { commentBody } from '../src/loadtest/comments';

/** What one closed-loop load run measured. */
export interface LoadResult {
  /** Successful (2xx) responses per second. */
  rps: number;
  p50Ms: number;
  p99Ms: number;
  ok: number;
  /** Responses other than 2xx, and connection errors/timeouts: a server that fails is not fast. */
  failed: number;
  statuses: Record<string, number>;
}

export interface LoadSettings {
  durationS: number;
  connections: number;
  /** Characters of comment content per request. */
  contentChars: number;
}

let sequence = 0;

/**
 * POSTs comments to `url` with autocannon for `durationS` (it stops itself), every request with
 * a fresh comment id and body, so idempotency never turns a request into a cheap repeat.
 */
export async function postComments(
  url: string,
  label: string,
  settings: LoadSettings,
  headers: Record<string, string> = {},
): Promise<LoadResult> {
  const result = await autocannon({
    url,
    duration: settings.durationS,
    connections: settings.connections,
    timeout: 10,
    headers: { 'content-type': 'application/json', ...headers },
    requests: [
      {
        method: 'POST',
        path: '/v1/comments',
        setupRequest: (request) => {
          const n = sequence++;
          return { ...request, body: commentBody(`${label}-${n}`, n, settings.contentChars) };
        },
      },
    ],
  });
  const statuses: Record<string, number> = {};
  for (const [code, stat] of Object.entries(result.statusCodeStats ?? {})) statuses[code] = stat.count ?? 0;
  return {
    rps: result['2xx'] / result.duration,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    ok: result['2xx'],
    failed: result.non2xx + result.errors,
    statuses,
  };
}
