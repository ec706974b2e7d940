import type { RedisClient } from '../redis-connection';
import type { CrowdObservation, CrowdSignals, ReadableCrowdIndex } from '../moderation/check-context';
import { bands, HASHES, NEAR_DUPLICATE_SIMILARITY, parseFingerprint } from '../moderation/fingerprint';
import { readLuaScript } from '../redis-scripts';
import {
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

type ObserveCommand = (
  ...args: Array<string | number>
) => Promise<[number, number, number, number, string[]]>;

/** The Redis keys of the crowd index under its namespace: what it writes, and what erasing an author must find. */
export function crowdKeys(namespace: string) {
  return {
    band: (band: string) => `${namespace}:fp:${band}`,
    /** Every band key, for SCAN. */
    bandPattern: `${namespace}:fp:*`,
    /** Every indexed comment's entry by time: what the cap on comments evicts from. */
    log: `${namespace}:recent`,
    author: (siteId: string, authorKey: string | null) => `${namespace}:author:${siteId}:${authorKey ?? '-'}`,
    ip: (siteId: string, ipKey: string | null) => `${namespace}:ip:${siteId}:${ipKey ?? '-'}`,
  };
}

/** Removes entries the log evicted from the band keys of their fingerprints, in one pipeline. */
async function removeFromBands(redis: RedisClient, keysOf: ReturnType<typeof crowdKeys>, entries: string[]) {
  const pipeline = redis.pipeline();
  for (const entry of entries) {
    const fp = parseFingerprint(decodeEntry(entry).fingerprint ?? '');
    if (fp) for (const band of bands(fp)) pipeline.zrem(keysOf.band(band), entry);
  }
  for (const [error] of (await pipeline.exec()) ?? []) if (error) throw error;
}

/**
 * The crowd index in Redis: one sorted set per fingerprint band value and per author or IP,
 * scored by time, trimmed to the window and to a size, and expiring with the window; one call of
 * observe-crowd.lua per comment, which records it, or only peeks (policy preview). A log of the
 * indexed comments caps their number (`limits.maxComments`). Redis holds only what may be rebuilt:
 * losing it forgets campaigns for one window.
 */
export function createRedisCrowdIndex(
  redis: RedisClient,
  /** The crowd index's Redis namespace (src/redis-keys.ts), hash-tagged so one script may touch all its keys. */
  namespace: string,
  limits: CrowdLimits = DEFAULT_CROWD_LIMITS,
): ReadableCrowdIndex {
  if (!('observeCrowd' in redis)) {
    redis.defineCommand('observeCrowd', { lua: readLuaScript(__dirname, 'observe-crowd') });
  }
  const observe = (redis as unknown as { observeCrowd: ObserveCommand }).observeCrowd.bind(redis);
  const minSame = Math.ceil(NEAR_DUPLICATE_SIMILARITY * HASHES);
  const keysOf = crowdKeys(namespace);

  const run = async (o: CrowdObservation, record: boolean): Promise<CrowdSignals> => {
    const bandKeys = o.fingerprint ? bands(o.fingerprint).map(keysOf.band) : [];
    const entry = o.fingerprint ? encodeEntry(o, o.fingerprint) : '';
    // The entry ends with the formatted fingerprint: formatted once, not again for the script.
    const fingerprintText = entry.slice(entry.lastIndexOf('|') + 1);
    // Unused pace keys still take a slot, so KEYS positions stay fixed; the flags say which count.
    const keys = [
      ...bandKeys,
      keysOf.author(o.siteId, o.authorKey),
      keysOf.ip(o.siteId, o.ipKey),
      keysOf.log,
    ];
    const [duplicateAuthors, duplicateSites, authorRecent, ipRecent, evicted] = await observe(
      keys.length,
      ...keys,
      o.at,
      DUPLICATE_WINDOW_MS,
      VELOCITY_WINDOW_MS,
      MAX_BAND_ENTRIES,
      entry,
      o.commentId,
      o.siteId,
      o.authorKey ?? '',
      fingerprintText,
      minSame,
      bandKeys.length,
      o.authorKey ? '1' : '0',
      o.ipKey ? '1' : '0',
      record ? '1' : '0',
      limits.maxComments,
      EVICT_BATCH,
      MAX_PACE_ENTRIES,
    );
    if (evicted.length > 0) await removeFromBands(redis, keysOf, evicted);
    return {
      duplicateAuthors,
      duplicateSites,
      authorRecent,
      ipRecent,
      windowSeconds: VELOCITY_WINDOW_MS / 1000,
    };
  };
  return { observe: (o) => run(o, true), peek: (o) => run(o, false) };
}
