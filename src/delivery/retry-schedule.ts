/**
 * The default wait before each retry of a callback, the example schedule of the Standard Webhooks
 * spec: 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 14 h, 20 h, 24 h, the last try about 3 days and 3 h
 * after the first, so a site that is down over a weekend still gets its events.
 */
export const DEFAULT_SCHEDULE_MS = [
  5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 50_400_000, 72_000_000, 86_400_000,
];

/** Each wait is stretched or shrunk by up to this fraction, so retries after an outage do not arrive in step. */
const JITTER = 0.1;

/** A Retry-After longer than this is cut to it: a site cannot park an event for weeks. */
export const MAX_RETRY_AFTER_MS = 86_400_000;

/** Parses "5000,300000,…" (milliseconds); throws on anything else. An empty text means no retries. */
export function parseSchedule(text: string): number[] {
  if (text.trim() === '') return [];
  return text.split(',').map((part) => {
    const value = Number(part.trim());
    if (!Number.isInteger(value) || value <= 0) {
      throw new Error(`"${part.trim()}" is not a positive whole number of milliseconds`);
    }
    return value;
  });
}

/**
 * How long a Retry-After header (RFC 9110: delay-seconds or an HTTP date) asks to wait, in ms,
 * or null when it is absent or unreadable.
 */
export function parseRetryAfter(header: string | null | undefined, now: number): number | null {
  if (!header) return null;
  const text = header.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1_000;
  // Every HTTP-date format names the day; without that, V8's Date.parse reads "-5" as a year.
  const date = /[a-z]/i.test(text) ? Date.parse(text) : NaN;
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}

/**
 * The wait before the next try after `failedAttempts` failed ones (1 after the first), or null when
 * the schedule is spent and the delivery fails. The scheduled wait is jittered; a Retry-After that
 * asks for longer wins, up to MAX_RETRY_AFTER_MS.
 */
export function nextRetryDelay(options: {
  failedAttempts: number;
  schedule: readonly number[];
  retryAfterMs: number | null;
  random?: () => number;
}): number | null {
  const base = options.schedule[options.failedAttempts - 1];
  if (base === undefined) return null;
  const random = options.random ?? Math.random;
  const jittered = Math.round(base * (1 + JITTER * (2 * random() - 1)));
  const asked = Math.min(options.retryAfterMs ?? 0, MAX_RETRY_AFTER_MS);
  return Math.max(jittered, asked);
}
