import type { Pool } from 'pg';
import { z } from 'zod';
import { instant } from '../validation';
import { ValidationError } from '../errors';
import { requestedScope, type Principal } from '../access/principal';
import { statusCounts } from '../db/review-repository';
import {
  checkFirings,
  decisionCounts,
  decisionsByModerator,
  medianDecisionSeconds,
  type Bucket,
  type StatsRange,
} from '../db/stats-repository';

const STEP_MS: Record<Bucket, number> = { hour: 3_600_000, day: 86_400_000 };
const DEFAULT_SPAN: Record<Bucket, number> = { hour: 48, day: 14 };
const MAX_BUCKETS = 1_000;

/** The time-range part of GET /v1/review/stats; without any of it, the route answers counts only. */
const statsRangeQuery = z.object({
  from: instant().optional(),
  to: instant().optional(),
  bucket: z.enum(['hour', 'day']).optional(),
});

/** GET /v1/review/stats: one site of the reader's, or all they see, and optionally a time range. */
export const statsQuery = z.object({ siteId: z.uuid().optional(), ...statsRangeQuery.shape });

/**
 * Fills in defaults (the last 14 days by day, or 48 hours by hour) and refuses a backwards or huge
 * range, at `from` or `bucket`.
 */
function resolveRange(
  query: z.infer<typeof statsRangeQuery>,
  siteIds: string[] | null,
  now = new Date(),
): StatsRange {
  const bucket = query.bucket ?? 'day';
  const to = query.to ? new Date(query.to) : now;
  const from = query.from
    ? new Date(query.from)
    : new Date(to.getTime() - DEFAULT_SPAN[bucket] * STEP_MS[bucket]);
  if (from >= to) throw new ValidationError([{ path: 'from', message: 'must be before to' }]);
  if ((to.getTime() - from.getTime()) / STEP_MS[bucket] > MAX_BUCKETS) {
    throw new ValidationError([
      {
        path: 'bucket',
        message: `the range spans more than ${MAX_BUCKETS} buckets; use a larger bucket`,
      },
    ]);
  }
  return { siteIds, from: from.toISOString(), to: to.toISOString(), bucket };
}

/** Bucket starts (UTC) from the one holding `from` up to `to`, so empty buckets are drawn too. */
function bucketStarts(range: StatsRange): string[] {
  const start = new Date(range.from);
  start.setUTCMinutes(0, 0, 0);
  if (range.bucket === 'day') start.setUTCHours(0);
  const starts: string[] = [];
  for (let t = start.getTime(); t < new Date(range.to).getTime(); t += STEP_MS[range.bucket]) {
    starts.push(new Date(t).toISOString());
  }
  return starts;
}

const emptyBucket = (start: string) => ({
  start,
  /** The worker's verdicts, by the status they led to. */
  verdicts: { approved: 0, pending_review: 0, rejected: 0 },
  /** Moderators' decisions, by the status they led to. */
  decisions: { approved: 0, rejected: 0 },
  /** Trial mode: comments approved that the worker would have held or rejected. */
  observed: { wouldHold: 0, wouldReject: 0 },
  medianSecondsToDecision: null as number | null,
  /** Comments each check fired on. */
  checks: {} as Record<string, number>,
});

/**
 * Activity over time: verdicts and decisions per bucket, decisions per moderator, the median time
 * from intake to a moderator's decision, how often each check fires, and what trial mode would
 * have held or rejected.
 */
async function activityStats(pool: Pool, range: StatsRange) {
  const [counts, moderators, medians, firings] = await Promise.all([
    decisionCounts(pool, range),
    decisionsByModerator(pool, range),
    medianDecisionSeconds(pool, range),
    checkFirings(pool, range),
  ]);
  const series = new Map(bucketStarts(range).map((start) => [start, emptyBucket(start)]));
  const at = (bucket: string) => series.get(bucket) ?? series.set(bucket, emptyBucket(bucket)).get(bucket)!;
  const observed = { wouldHold: 0, wouldReject: 0 };
  for (const row of counts) {
    const entry = at(row.bucket);
    if (row.decidedBy === 'auto' && row.observed && row.action !== 'approve') {
      const key = row.action === 'reject' ? 'wouldReject' : 'wouldHold';
      entry.observed[key] += row.count;
      observed[key] += row.count;
    }
    if (row.decidedBy === 'auto' && row.toStatus in entry.verdicts) {
      entry.verdicts[row.toStatus as keyof typeof entry.verdicts] += row.count;
    } else if (row.decidedBy === 'moderator' && row.toStatus in entry.decisions) {
      entry.decisions[row.toStatus as keyof typeof entry.decisions] += row.count;
    }
  }
  for (const row of medians) if (row.bucket) at(row.bucket).medianSecondsToDecision = row.median;
  for (const row of firings.perBucket) at(row.bucket).checks[row.check] = row.count;
  return {
    range: { from: range.from, to: range.to, bucket: range.bucket },
    series: [...series.values()].sort((a, b) => a.start.localeCompare(b.start)),
    moderators,
    medianSecondsToDecision: medians.find((row) => row.bucket === null)?.median ?? null,
    checks: firings.perCode,
    observed,
  };
}

/**
 * The counts of comments per status over the sites the principal asks about; with a range or a
 * bucket, also the activity over time (the dashboard polls the counts alone).
 */
export async function reviewStats(pool: Pool, principal: Principal, query: z.infer<typeof statsQuery>) {
  const scope = requestedScope(principal, query.siteId);
  const wantsActivity = query.from !== undefined || query.to !== undefined || query.bucket !== undefined;
  const range = wantsActivity ? resolveRange(query, scope) : null;
  const [counts, activity] = await Promise.all([
    statusCounts(pool, scope),
    range ? activityStats(pool, range) : undefined,
  ]);
  return { counts, ...activity };
}
