-- Records one comment in the crowd index and counts its crowd, all inside Redis: one command and
-- a four-number reply per comment instead of forty commands and every candidate entry. With
-- ARGV[14] = '0' it records nothing and counts only what came before the comment's time (a peek,
-- for re-scoring stored comments): the same rule over the entries in (at - window, at].
-- The near-duplicate rule is countNearDuplicates's (src/crowd/crowd-index.ts), restated here:
-- fingerprints are 8-hex-digit hashes, and texts agreeing on enough of them are copies; authors are
-- counted per site, anonymous comments each as their own author. tests/integration/crowd-index.test.ts
-- runs one table of cases on this script and on the in-memory index.
--
-- Memory is bounded three ways: each band key keeps only the entries it is read for (the newest
-- ARGV[4]), each pace key its newest ARGV[17], and the log of indexed comments (newest by time) at
-- most ARGV[15] comments: past that, or past the window, the oldest are popped ARGV[16] at a time
-- and returned, and the caller removes them from their band keys (which it computes from the
-- fingerprint; this script touches only the keys it is given).
--
-- KEYS: the fingerprint band keys (ARGV[11] of them), then the author's and the IP's pace keys, then
--       the log, all in the crowd namespace, whose {crowd} hash tag keeps them in one slot on Redis Cluster.
-- ARGV: at (ms), duplicate window (ms), velocity window (ms), entries read per band, this entry,
--       comment id, site id, author key ('' if none), fingerprint ('' if none), hashes that must
--       agree, band count, '1' if the author's pace counts, '1' if the IP's pace counts, '1' to record,
--       most comments indexed, eviction batch, entries per pace key.
-- Returns { other authors, other sites, author's comments in the window, IP's comments in the window,
--           entries evicted from the log }.
local at, dupWindow, velWindow, maxEntries = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4])
local entry, commentId, siteId, authorKey, fp = ARGV[5], ARGV[6], ARGV[7], ARGV[8], ARGV[9]
local minSame, nBands = tonumber(ARGV[10]), tonumber(ARGV[11])
local record = ARGV[14] == '1'
local maxComments, evictBatch, maxPace = tonumber(ARGV[15]), tonumber(ARGV[16]), tonumber(ARGV[17])
-- Recording trims what left the window first, so every entry left is inside it; a peek bounds both ends.
local upper = record and '+inf' or at
local me = siteId .. ':' .. authorKey
local seen, authors, sites, nAuthors, nSites = {}, {}, {}, 0, 0
-- This comment's hashes, cut once; a member's are compared in place, and only a member whose
-- fingerprint is near is split into its fields. Counting stops once the verdict is certain (enough
-- hashes agree, or too many differ): a campaign's band keys hold a hundred entries each.
local fpLen, hashes, mine = #fp, #fp / 8, {}
for h = 1, hashes do mine[h] = string.sub(fp, h * 8 - 7, h * 8) end
local maxDiffer = hashes - minSame
local function isNear(member)
  local base = #member - fpLen
  if base < 1 or string.byte(member, base) ~= 124 then return false end
  local same, differ = 0, 0
  for h = 1, hashes do
    local at = base + h * 8 - 7
    if string.sub(member, at, at + 7) == mine[h] then
      same = same + 1
      if same >= minSame then return true end
    else
      differ = differ + 1
      if differ > maxDiffer then return false end
    end
  end
  return false
end
for i = 1, nBands do
  local key = KEYS[i]
  if record then
    redis.call('ZADD', key, at, entry)
    redis.call('ZREMRANGEBYSCORE', key, 0, at - dupWindow)
    redis.call('ZREMRANGEBYRANK', key, 0, -(maxEntries + 1))
    redis.call('PEXPIRE', key, dupWindow)
  end
  -- The newest entries of the window: the same set as ZRANGE -maxEntries -1 after the trim.
  for _, member in ipairs(redis.call('ZREVRANGEBYSCORE', key, upper, '(' .. (at - dupWindow), 'LIMIT', 0, maxEntries)) do
    if not seen[member] then
      seen[member] = true
      if isNear(member) then
        local cid, sid, akey, ofp = string.match(member, '^([^|]*)|([^|]*)|([^|]*)|(.*)$')
        if cid and cid ~= commentId and #ofp == fpLen then
          local author = (akey ~= '') and (sid .. ':' .. akey) or ('anonymous:' .. cid)
          if author ~= me and not authors[author] then authors[author] = true; nAuthors = nAuthors + 1 end
          if sid ~= siteId and not sites[sid] then sites[sid] = true; nSites = nSites + 1 end
        end
      end
    end
  end
end
local function pace(key)
  if record then
    redis.call('ZADD', key, at, commentId)
    redis.call('ZREMRANGEBYSCORE', key, 0, at - velWindow)
    redis.call('ZREMRANGEBYRANK', key, 0, -(maxPace + 1))
    redis.call('PEXPIRE', key, velWindow)
    return redis.call('ZCARD', key)
  end
  -- This one included, as recording would have counted it.
  local count = redis.call('ZCOUNT', key, '(' .. (at - velWindow), at)
  local mine = tonumber(redis.call('ZSCORE', key, commentId))
  if not mine or mine <= at - velWindow or mine > at then count = count + 1 end
  return count
end
local authorRecent, ipRecent = 0, 0
if ARGV[12] == '1' then authorRecent = pace(KEYS[nBands + 1]) end
if ARGV[13] == '1' then ipRecent = pace(KEYS[nBands + 2]) end
local evicted = {}
if record and nBands > 0 then
  local log = KEYS[nBands + 3]
  redis.call('ZADD', log, at, entry)
  redis.call('PEXPIRE', log, dupWindow)
  local over = math.max(redis.call('ZCARD', log) - maxComments, redis.call('ZCOUNT', log, '-inf', at - dupWindow))
  if over >= evictBatch then
    local popped = redis.call('ZPOPMIN', log, over)
    for i = 1, #popped, 2 do evicted[#evicted + 1] = popped[i] end
  end
end
return { nAuthors, nSites, authorRecent, ipRecent, evicted }
