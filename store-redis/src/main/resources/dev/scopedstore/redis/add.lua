-- value = value + operand for a 64-bit integer value and operand, exactly: INCRBY on a scratch
-- key of the scope's slot does the arithmetic (and refuses to overflow), never Lua's doubles.
-- KEYS[4] the operation's marker, which doubles as the scratch key; ARGV[5] operand,
-- ARGV[6] ttl, ARGV[7] expiresAt, ARGV[8] labels of a created state, ARGV[9] the initial
-- value of an absent state. Replies {'fallback'} when the value is not an integer.
local done = redis.call('GET', KEYS[4])
if done then
  local cur = live()
  if cur then return reply('ok', cur, 0) end
  return {'replayed'}
end
local cur = live()
local base = ARGV[9]
if cur then base = cur[1] end
if not string.match(base, '^%-?%d+$') or string.len(base) > 20 then return {'fallback'} end
redis.call('SET', KEYS[4], base, 'PX', 300000)
local ok = redis.pcall('INCRBY', KEYS[4], ARGV[5])
if type(ok) == 'table' and ok.err then
  redis.call('DEL', KEYS[4])
  if string.find(ok.err, 'overflow', 1, true) then return {'overflow'} end
  return {'fallback'}
end
local value = redis.call('GET', KEYS[4])
local r = write(cur, value, ARGV[6], ARGV[7], ARGV[8])
redis.call('SET', KEYS[4], r[2], 'PX', 300000)
return r
