import { scanKeys, type RedisClient } from '../redis-connection';
import { decodeEntry } from './crowd-index';
import { crowdKeys } from './redis-crowd-index';

/** Who is to be forgotten on one site: their author keys, comments, and the IP hashes they came from. */
export interface CrowdSubject {
  siteId: string;
  authorKeys: readonly string[];
  commentIds: readonly string[];
  /** Hashes of the IP addresses (ipKeyOf), as the index keeps them. */
  ipKeys: readonly string[];
}

/**
 * Removes one person from the Redis crowd index: their author and IP pace keys, and every
 * fingerprint entry of their comments or of their author keys on the site (Akismet's checked
 * comments included), in the band keys and in the log. Band keys are found with SCAN, since the
 * fingerprints of texts that changed (edits) or were never stored (Akismet) cannot be recomputed.
 * Returns the keys deleted and the band entries removed.
 */
export async function forgetInCrowd(
  redis: RedisClient,
  /** The crowd index's namespace (src/redis-keys.ts). */
  namespace: string,
  who: CrowdSubject,
): Promise<{ keys: number; entries: number }> {
  const names = crowdKeys(namespace);
  const paceKeys = [
    ...who.authorKeys.map((key) => names.author(who.siteId, key)),
    ...who.ipKeys.map((key) => names.ip(who.siteId, key)),
  ];
  const keys = paceKeys.length > 0 ? await redis.del(...paceKeys) : 0;
  const ids = new Set(who.commentIds);
  const authors = new Set(who.authorKeys);
  const isTheirs = (entry: string) => {
    const { commentId, siteId, authorKey } = decodeEntry(entry);
    return ids.has(commentId) || (siteId === who.siteId && authors.has(authorKey));
  };
  let entries = 0;
  for await (const bandKeys of scanKeys(redis, names.bandPattern)) {
    if (bandKeys.length === 0) continue;
    const pipeline = redis.pipeline();
    for (const key of bandKeys) pipeline.zrange(key, 0, '-1');
    const read = await pipeline.exec();
    for (const [index, [error, members]] of (read ?? []).entries()) {
      if (error) throw error;
      const theirs = (members as string[]).filter(isTheirs);
      if (theirs.length > 0) entries += await redis.zrem(bandKeys[index]!, ...theirs);
    }
  }
  // The log of indexed comments holds every entry too, those already trimmed from their bands included.
  const logged: string[] = [];
  for await (const batch of redis.zscanStream(names.log, { count: 500 })) {
    const pairs = batch as string[];
    for (let i = 0; i < pairs.length; i += 2) if (isTheirs(pairs[i]!)) logged.push(pairs[i]!);
  }
  if (logged.length > 0) await redis.zrem(names.log, ...logged);
  return { keys, entries };
}
