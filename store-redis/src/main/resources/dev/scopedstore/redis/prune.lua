-- Drops the index entry (and the leftover string) of a state that is absent or expired.
if live() then return 0 end
if redis.call('EXISTS', KEYS[1]) == 1 then redis.call('DEL', KEYS[1]) end
redis.call('ZREM', KEYS[2], ARGV[1])
return 1
