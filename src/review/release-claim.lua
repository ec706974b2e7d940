-- Deletes the claim on a review item only if the caller holds it.
-- KEYS[1]: the item's claim key. ARGV[1]: the caller's owner id.
local current = redis.call('GET', KEYS[1])
if current and cjson.decode(current).owner == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
