import type { Redis } from 'ioredis';
import type { CrowdIndex, CrowdSignals } from '../moderation/check-context';
import { bands, formatFingerprint, HASHES, NEAR_DUPLICATE_SIMILARITY } from '../moderation/fingerprint';
import { readLuaScript } from '../redis-scripts';
import { DUPLICATE_WINDOW_MS, encodeEntry, MAX_BAND_ENTRIES, VELOCITY_WINDOW_MS } from './crowd-index';

type ObserveCommand = (...args: Array<string | number>) => Promise<[number, number, number, number]>;

/**
 * The crowd index in Redis: one sorted set per fingerprint band value and per author or IP,
 * scored by time, trimmed to the window and expiring with it; one call of observe-crowd.lua per comment.
 * Redis holds only what may be rebuilt: losing it forgets campaigns for one window.
 */
export function createRedisCrowdIndex(
  redis: Redis,
  /** The crowd index's Redis namespace (src/redis-keys.ts), hash-tagged so one script may touch all its keys. */
  namespace: string,
): CrowdIndex {
  if (!('observeCrowd' in redis)) {
    redis.defineCommand('observeCrowd', { lua: readLuaScript(__dirname, 'observe-crowd') });
  }
  const observe = (redis as unknown as { observeCrowd: ObserveCommand }).observeCrowd.bind(redis);
  const minSame = Math.ceil(NEAR_DUPLICATE_SIMILARITY * HASHES);
  return {
    async observe(o) {
      const bandKeys = o.fingerprint ? bands(o.fingerprint).map((band) => `${namespace}:fp:${band}`) : [];
      // Unused pace keys still take a slot, so KEYS positions stay fixed; the flags say which count.
      const authorKey = `${namespace}:author:${o.siteId}:${o.authorKey ?? '-'}`;
      const ipKey = `${namespace}:ip:${o.siteId}:${o.ipKey ?? '-'}`;
      const keys = [...bandKeys, authorKey, ipKey];
      const [duplicateAuthors, duplicateSites, authorRecent, ipRecent] = await observe(
        keys.length,
        ...keys,
        o.at,
        DUPLICATE_WINDOW_MS,
        VELOCITY_WINDOW_MS,
        MAX_BAND_ENTRIES,
        o.fingerprint ? encodeEntry(o, o.fingerprint) : '',
        o.commentId,
        o.siteId,
        o.authorKey ?? '',
        o.fingerprint ? formatFingerprint(o.fingerprint) : '',
        minSame,
        bandKeys.length,
        o.authorKey ? '1' : '0',
        o.ipKey ? '1' : '0',
      );
      const signals: CrowdSignals = {
        duplicateAuthors,
        duplicateSites,
        authorRecent,
        ipRecent,
        windowSeconds: VELOCITY_WINDOW_MS / 1000,
      };
      return signals;
    },
  };
}
