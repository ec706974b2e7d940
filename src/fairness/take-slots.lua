-- Takes one of a site's in-flight slots for each of some jobs, in order, while the site is under its
-- cap: the jobs that started in one turn of a worker's event loop ask in one call.
-- KEYS[1]: the site's jobs in flight, a sorted set of job ids scored by when they started.
-- ARGV[1]: now (ms); ARGV[2]: how long an entry counts (ms: a worker's job lock, after which a job
--          of a killed worker is stalled and will start again); ARGV[3]: the cap; ARGV[4..]: the job ids.
-- Returns, for each job, 1 if it may run, 0 if it must wait. A job already in flight (run again
-- after a stall) keeps its slot.
local now, horizon, cap = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - horizon)
local count = redis.call('ZCARD', KEYS[1])
local admitted = {}
for i = 4, #ARGV do
  local id = ARGV[i]
  if redis.call('ZSCORE', KEYS[1], id) ~= false then
    redis.call('ZADD', KEYS[1], now, id)
    admitted[#admitted + 1] = 1
  elseif count < cap then
    redis.call('ZADD', KEYS[1], now, id)
    count = count + 1
    admitted[#admitted + 1] = 1
  else
    admitted[#admitted + 1] = 0
  end
end
redis.call('PEXPIRE', KEYS[1], horizon)
return admitted
