import type { Redis } from 'ioredis';
import type { CrowdSignals } from '../moderation/context';
import { bands } from '../moderation/fingerprint';
import {
  countNearDuplicates,
  DUPLICATE_WINDOW_MS,
  encodeEntry,
  VELOCITY_WINDOW_MS,
  type CrowdIndex,
  type CrowdObservation,
} from './crowd-index';

/** Entries read per fingerprint band; a band shared by more recent texts than this is a campaign anyway. */
const MAX_BAND_ENTRIES = 200;

/**
 * The crowd index in Redis: one sorted set per fingerprint band value and per author or IP,
 * scored by time, trimmed to the window and expiring with it. One pipeline per comment.
 * Redis holds only what may be rebuilt: losing it forgets campaigns for one window.
 */
export function createRedisCrowdIndex(redis: Redis, prefix: string): CrowdIndex {
  return {
    async observe(o) {
      const pipeline = redis.pipeline();
      const bandKeys = o.fingerprint ? bands(o.fingerprint).map((band) => `${prefix}:crowd:fp:${band}`) : [];
      const entry = o.fingerprint ? encodeEntry(o, o.fingerprint) : '';
      for (const key of bandKeys) {
        pipeline.zadd(key, String(o.at), entry);
        pipeline.zremrangebyscore(key, 0, o.at - DUPLICATE_WINDOW_MS);
        pipeline.zrange(key, String(-MAX_BAND_ENTRIES), '-1');
        pipeline.pexpire(key, DUPLICATE_WINDOW_MS);
      }
      const paceKeys = [
        o.authorKey ? `${prefix}:crowd:author:${o.siteId}:${o.authorKey}` : null,
        o.ipKey ? `${prefix}:crowd:ip:${o.siteId}:${o.ipKey}` : null,
      ];
      for (const key of paceKeys) {
        if (!key) continue;
        pipeline.zadd(key, String(o.at), o.commentId);
        pipeline.zremrangebyscore(key, 0, o.at - VELOCITY_WINDOW_MS);
        pipeline.zcard(key);
        pipeline.pexpire(key, VELOCITY_WINDOW_MS);
      }
      const results = (await pipeline.exec()) ?? [];
      const failed = results.find(([error]) => error);
      if (failed) throw failed[0];
      const value = (index: number) => results[index]?.[1];

      const entries = bandKeys.flatMap((_, band) => value(band * 4 + 2) as string[]);
      const duplicates = o.fingerprint
        ? countNearDuplicates(o, o.fingerprint, new Set(entries))
        : { duplicateAuthors: 0, duplicateSites: 0 };
      let next = bandKeys.length * 4;
      const count = (key: string | null) => {
        if (!key) return 0;
        const cardinality = Number(value(next + 2));
        next += 4;
        return cardinality;
      };
      const signals: CrowdSignals = {
        ...duplicates,
        authorRecent: count(paceKeys[0]!),
        ipRecent: count(paceKeys[1]!),
        windowSeconds: VELOCITY_WINDOW_MS / 1000,
      };
      return signals;
    },
  };
}
