import type { CrowdObservation, ReadableCrowdIndex } from '../moderation/check-context';
import { bands, parseFingerprint } from '../moderation/fingerprint';
import {
  countNearDuplicates,
  decodeEntry,
  DEFAULT_CROWD_LIMITS,
  DUPLICATE_WINDOW_MS,
  encodeEntry,
  EVICT_BATCH,
  MAX_BAND_ENTRIES,
  MAX_PACE_ENTRIES,
  VELOCITY_WINDOW_MS,
  type CrowdLimits,
} from './crowd-index';

/** Entries by key, each with its time; stands in for the Redis sorted sets. */
type TimedSets = Map<string, Map<string, number>>;

/** Redis's sorted-set order: by score (time), then by member, byte by byte. */
const bySortedSetOrder = ([a, at]: [string, number], [b, bt]: [string, number]) =>
  at - bt || Buffer.compare(Buffer.from(a), Buffer.from(b));

/** The `count` first members in sorted-set order (ZPOPMIN), removed. */
function popOldest(entries: Map<string, number>, count: number): string[] {
  const popped = [...entries]
    .sort(bySortedSetOrder)
    .slice(0, count)
    .map(([member]) => member);
  for (const member of popped) entries.delete(member);
  return popped;
}

/** ZADD, ZREMRANGEBYSCORE of what left the window, ZREMRANGEBYRANK down to `limit`: the members left. */
function addAndList(
  sets: TimedSets,
  key: string,
  member: string,
  at: number,
  windowMs: number,
  limit: number,
): string[] {
  const entries = sets.get(key) ?? new Map<string, number>();
  entries.set(member, at);
  sets.set(key, entries);
  for (const [other, when] of entries) if (when <= at - windowMs) entries.delete(other);
  if (entries.size > limit) popOldest(entries, entries.size - limit);
  return [...entries.keys()];
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

/**
 * A sorted set kept as an array in sorted-set order, for the log, which grows to the comment cap:
 * adding is a binary search and a splice, counting the entries up to a time a binary search.
 */
function createSortedLog() {
  const items: Array<[string, number]> = [];
  const scores = new Map<string, number>();
  /** The first index whose item is not before `item` in sorted-set order. */
  const lowerBound = (before: (other: [string, number]) => boolean) => {
    let [low, high] = [0, items.length];
    while (low < high) {
      const middle = (low + high) >> 1;
      if (before(items[middle]!)) low = middle + 1;
      else high = middle;
    }
    return low;
  };
  const indexOf = (item: [string, number]) => lowerBound((other) => bySortedSetOrder(other, item) < 0);
  return {
    size: () => items.length,
    add(member: string, at: number) {
      const old = scores.get(member);
      if (old !== undefined) items.splice(indexOf([member, old]), 1);
      scores.set(member, at);
      items.splice(indexOf([member, at]), 0, [member, at]);
    },
    /** ZCOUNT -inf upTo. */
    countUpTo: (upTo: number) => lowerBound(([, when]) => when <= upTo),
    /** ZPOPMIN count. */
    popOldest(count: number) {
      const popped = items.splice(0, count).map(([member]) => member);
      for (const member of popped) scores.delete(member);
      return popped;
    },
  };
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
export function createMemoryCrowdIndex(limits: CrowdLimits = DEFAULT_CROWD_LIMITS): ReadableCrowdIndex {
  const sets: TimedSets = new Map();
  const log = createSortedLog();
  /** Indexes an entry in the log as observe-crowd.lua does: evicts past the cap or the window. */
  const indexInLog = (entry: string, at: number) => {
    log.add(entry, at);
    const over = Math.max(log.size() - limits.maxComments, log.countUpTo(at - DUPLICATE_WINDOW_MS));
    if (over < EVICT_BATCH) return;
    for (const evicted of log.popOldest(over)) {
      const fp = parseFingerprint(decodeEntry(evicted).fingerprint ?? '');
      for (const band of fp ? bands(fp) : []) sets.get(`fp:${band}`)?.delete(evicted);
    }
  };
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
      if (record) indexInLog(entry, o.at);
    }
    const pace = (key: string | null) => {
      if (!key) return 0;
      if (record)
        return addAndList(sets, key, o.commentId, o.at, VELOCITY_WINDOW_MS, MAX_PACE_ENTRIES).length;
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
