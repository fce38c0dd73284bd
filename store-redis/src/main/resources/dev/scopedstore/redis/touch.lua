-- Re-arms the state's expiry from its own time-to-live, without writing it.
local cur = live()
if not cur then return 0 end
local ttl = tonumber(cur[3])
if ttl > 0 then
  local exp = string.format('%.0f', tonumber(ARGV[2]) + ttl)
  redis.call('SET', KEYS[1], state(cur[1], cur[2], cur[3], exp, cur[5]), 'PX', ttl)
  arm(KEYS[2], redis.call('PTTL', KEYS[2]), ttl)
  arm(KEYS[3], redis.call('PTTL', KEYS[3]), ttl)
end
return 1
