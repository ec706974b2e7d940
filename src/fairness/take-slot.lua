-- Takes one of a site's in-flight slots for a job, unless the site already has its cap in flight.
-- KEYS[1]: the site's jobs in flight, a sorted set of job ids scored by when they started.
-- ARGV[1]: now (ms); ARGV[2]: how long an entry counts (ms: a worker's job lock, after which a job
--          of a killed worker is stalled and will start again); ARGV[3]: the cap; ARGV[4]: the job id.
-- Returns 1 if the job may run, 0 if it must wait.
local now, horizon, cap = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - horizon)
if redis.call('ZSCORE', KEYS[1], ARGV[4]) == false and redis.call('ZCARD', KEYS[1]) >= cap then
  return 0
end
redis.call('ZADD', KEYS[1], now, ARGV[4])
redis.call('PEXPIRE', KEYS[1], horizon)
return 1
