import type { CrowdIndex } from '../moderation/check-context';
import { bands } from '../moderation/fingerprint';
import {
  countNearDuplicates,
  DUPLICATE_WINDOW_MS,
  encodeEntry,
  MAX_BAND_ENTRIES,
  VELOCITY_WINDOW_MS,
} from './crowd-index';

/** Entries by key, each with its time; stands in for the Redis sorted sets. */
type TimedSets = Map<string, Map<string, number>>;

/** Redis's sorted-set order: by score (time), then by member, byte by byte. */
const bySortedSetOrder = ([a, at]: [string, number], [b, bt]: [string, number]) =>
  at - bt || Buffer.compare(Buffer.from(a), Buffer.from(b));

/** ZADD, then ZREMRANGEBYSCORE of what left the window, then the last `limit` members (ZRANGE -limit -1). */
function addAndList(
  sets: TimedSets,
  key: string,
  member: string,
  at: number,
  windowMs: number,
  limit = Infinity,
): string[] {
  const entries = sets.get(key) ?? new Map<string, number>();
  entries.set(member, at);
  sets.set(key, entries);
  for (const [other, when] of entries) if (when <= at - windowMs) entries.delete(other);
  if (entries.size <= limit) return [...entries.keys()];
  return [...entries]
    .sort(bySortedSetOrder)
    .slice(-limit)
    .map(([kept]) => kept);
}

/**
 * The crowd index in process memory, for the evaluation command, which streams a file through
 * the checks without Redis. Same keys, windows and counting rules as the Redis index
 * (observe-crowd.lua); tests/integration/crowd-index.test.ts runs one table of cases on both.
 */
export function createMemoryCrowdIndex(): CrowdIndex {
  const sets: TimedSets = new Map();
  return {
    async observe(o) {
      let duplicates = { duplicateAuthors: 0, duplicateSites: 0 };
      if (o.fingerprint) {
        const entry = encodeEntry(o, o.fingerprint);
        const candidates = new Set(
          bands(o.fingerprint).flatMap((band) =>
            addAndList(sets, `fp:${band}`, entry, o.at, DUPLICATE_WINDOW_MS, MAX_BAND_ENTRIES),
          ),
        );
        duplicates = countNearDuplicates(o, o.fingerprint, candidates);
      }
      const pace = (key: string | null) =>
        key ? addAndList(sets, key, o.commentId, o.at, VELOCITY_WINDOW_MS).length : 0;
      return {
        ...duplicates,
        authorRecent: pace(o.authorKey && `author:${o.siteId}:${o.authorKey}`),
        ipRecent: pace(o.ipKey && `ip:${o.siteId}:${o.ipKey}`),
        windowSeconds: VELOCITY_WINDOW_MS / 1000,
      };
    },
  };
}
