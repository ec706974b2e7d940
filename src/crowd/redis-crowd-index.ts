import type { Redis } from 'ioredis';
import type { CrowdIndex, CrowdSignals } from '../moderation/check-context';
import { bands, formatFingerprint, HASHES, NEAR_DUPLICATE_SIMILARITY } from '../moderation/fingerprint';
import { DUPLICATE_WINDOW_MS, encodeEntry, VELOCITY_WINDOW_MS } from './crowd-index';

/** Entries read per fingerprint band; a band shared by more recent texts than this is a campaign anyway. */
const MAX_BAND_ENTRIES = 100;

/**
 * Records one comment and counts its crowd, all inside Redis, so a comment costs one command and a
 * four-number reply instead of forty commands and every candidate entry. KEYS: the band keys, then
 * the author's and the IP's pace keys. The near-duplicate rule is countNearDuplicates's (crowd-index.ts),
 * restated in Lua: fingerprints are 8-hex-digit hashes, and texts agreeing on enough of them are
 * copies; authors are counted per site, anonymous comments each as their own author.
 */
const OBSERVE_SCRIPT = `
local at, dupWindow, velWindow, maxEntries = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4])
local entry, commentId, siteId, authorKey, fp = ARGV[5], ARGV[6], ARGV[7], ARGV[8], ARGV[9]
local minSame, nBands = tonumber(ARGV[10]), tonumber(ARGV[11])
local me = siteId .. ':' .. authorKey
local seen, authors, sites, nAuthors, nSites = {}, {}, {}, 0, 0
for i = 1, nBands do
  local key = KEYS[i]
  redis.call('ZADD', key, at, entry)
  redis.call('ZREMRANGEBYSCORE', key, 0, at - dupWindow)
  redis.call('PEXPIRE', key, dupWindow)
  for _, member in ipairs(redis.call('ZRANGE', key, -maxEntries, -1)) do
    if not seen[member] then
      seen[member] = true
      local cid, sid, akey, ofp = string.match(member, '^([^|]*)|([^|]*)|([^|]*)|(.*)$')
      if cid and cid ~= commentId and #ofp == #fp then
        local same = 0
        for c = 1, #fp, 8 do
          if string.sub(fp, c, c + 7) == string.sub(ofp, c, c + 7) then same = same + 1 end
        end
        if same >= minSame then
          local author = (akey ~= '') and (sid .. ':' .. akey) or ('anonymous:' .. cid)
          if author ~= me and not authors[author] then authors[author] = true; nAuthors = nAuthors + 1 end
          if sid ~= siteId and not sites[sid] then sites[sid] = true; nSites = nSites + 1 end
        end
      end
    end
  end
end
local function pace(key)
  redis.call('ZADD', key, at, commentId)
  redis.call('ZREMRANGEBYSCORE', key, 0, at - velWindow)
  redis.call('PEXPIRE', key, velWindow)
  return redis.call('ZCARD', key)
end
local authorRecent, ipRecent = 0, 0
if ARGV[12] == '1' then authorRecent = pace(KEYS[nBands + 1]) end
if ARGV[13] == '1' then ipRecent = pace(KEYS[nBands + 2]) end
return { nAuthors, nSites, authorRecent, ipRecent }
`;

type ObserveCommand = (...args: Array<string | number>) => Promise<[number, number, number, number]>;

/**
 * The crowd index in Redis: one sorted set per fingerprint band value and per author or IP,
 * scored by time, trimmed to the window and expiring with it; one script call per comment.
 * Redis holds only what may be rebuilt: losing it forgets campaigns for one window.
 */
export function createRedisCrowdIndex(redis: Redis, prefix: string): CrowdIndex {
  if (!('observeCrowd' in redis)) {
    redis.defineCommand('observeCrowd', { lua: OBSERVE_SCRIPT });
  }
  const observe = (redis as unknown as { observeCrowd: ObserveCommand }).observeCrowd.bind(redis);
  const minSame = Math.ceil(NEAR_DUPLICATE_SIMILARITY * HASHES);
  return {
    async observe(o) {
      const bandKeys = o.fingerprint ? bands(o.fingerprint).map((band) => `${prefix}:crowd:fp:${band}`) : [];
      // Unused pace keys still take a slot, so KEYS positions stay fixed; the flags say which count.
      const authorKey = `${prefix}:crowd:author:${o.siteId}:${o.authorKey ?? '-'}`;
      const ipKey = `${prefix}:crowd:ip:${o.siteId}:${o.ipKey ?? '-'}`;
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
