import type { CrowdObservation, ReadableCrowdIndex } from '../moderation/check-context';
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
  return newest(entries, Infinity, limit);
}

/** The last `limit` members at or before `upTo` (ZREVRANGEBYSCORE upTo +inf LIMIT 0 limit, unordered). */
function newest(entries: Map<string, number>, upTo: number, limit: number): string[] {
  const kept = [...entries].filter(([, when]) => when <= upTo);
  if (kept.length <= limit) return kept.map(([member]) => member);
  return kept
    .sort(bySortedSetOrder)
    .slice(-limit)
    .map(([member]) => member);
}

/** A peek at a set: the members in (at - window, at], recording nothing. */
function listWithin(sets: TimedSets, key: string, at: number, windowMs: number, limit = Infinity): string[] {
  const entries = new Map(
    [...(sets.get(key) ?? new Map<string, number>())].filter(([, when]) => when > at - windowMs),
  );
  return newest(entries, at, limit);
}

/**
 * The crowd index in process memory, for the evaluation command, which streams a file through
 * the checks without Redis. Same keys, windows and counting rules as the Redis index
 * (observe-crowd.lua); tests/integration/crowd-index.test.ts runs one table of cases on both.
 */
export function createMemoryCrowdIndex(): ReadableCrowdIndex {
  const sets: TimedSets = new Map();
  const run = async (o: CrowdObservation, record: boolean) => {
    let duplicates = { duplicateAuthors: 0, duplicateSites: 0 };
    if (o.fingerprint) {
      const entry = encodeEntry(o, o.fingerprint);
      const candidates = new Set(
        bands(o.fingerprint).flatMap((band) =>
          record
            ? addAndList(sets, `fp:${band}`, entry, o.at, DUPLICATE_WINDOW_MS, MAX_BAND_ENTRIES)
            : listWithin(sets, `fp:${band}`, o.at, DUPLICATE_WINDOW_MS, MAX_BAND_ENTRIES),
        ),
      );
      duplicates = countNearDuplicates(o, o.fingerprint, candidates);
    }
    const pace = (key: string | null) => {
      if (!key) return 0;
      if (record) return addAndList(sets, key, o.commentId, o.at, VELOCITY_WINDOW_MS).length;
      const before = listWithin(sets, key, o.at, VELOCITY_WINDOW_MS);
      // This one included, as recording would have counted it.
      return before.includes(o.commentId) ? before.length : before.length + 1;
    };
    return {
      ...duplicates,
      authorRecent: pace(o.authorKey && `author:${o.siteId}:${o.authorKey}`),
      ipRecent: pace(o.ipKey && `ip:${o.siteId}:${o.ipKey}`),
      windowSeconds: VELOCITY_WINDOW_MS / 1000,
    };
  };
  return { observe: (o) => run(o, true), peek: (o) => run(o, false) };
}
