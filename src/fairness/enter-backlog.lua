-- Records moderation jobs in their site's backlog and answers the place of the last one, all in one
-- step so concurrent api processes never hand out the same place twice.
-- KEYS[1]: the site's backlog, a sorted set of job ids scored by when they entered it.
-- ARGV[1]: now (ms); ARGV[2]: how long an entry counts (ms), after which one whose job was lost
--          (and never left) stops counting; ARGV[3..]: the job ids, in intake order.
-- ZADD NX: a job enqueued again (the sweeper) keeps its first place and is not counted twice.
local now, horizon = tonumber(ARGV[1]), tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - horizon)
for i = 3, #ARGV do
  redis.call('ZADD', KEYS[1], 'NX', now, ARGV[i])
end
redis.call('PEXPIRE', KEYS[1], horizon)
return redis.call('ZCARD', KEYS[1])
