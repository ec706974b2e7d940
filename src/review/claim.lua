-- Renews the caller's own claim on a review item or takes a free one; answers the holder's claim otherwise.
-- KEYS[1]: the item's claim key. ARGV: the caller's owner id, the claim (JSON with its owner), its TTL in ms.
local current = redis.call('GET', KEYS[1])
if current and cjson.decode(current).owner ~= ARGV[1] then return current end
redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
return ARGV[2]
