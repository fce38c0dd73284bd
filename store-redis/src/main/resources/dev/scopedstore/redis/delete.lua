-- KEYS[5] this deletion's marker; ARGV[6] a label the state must carry, or '' for any state.
-- A re-sent deletion finds the marker and reports the first run's result.
local done = redis.call('GET', KEYS[5])
if done then return {'ok', done} end
local readable, cur = pcall(live)
if not readable then
  -- a string without a readable header goes too, also when purging a label (its labels went
  -- with the header; it was created with the label, or it would not be in the label's set);
  -- its version went too, so the deletion is recorded above the scope's marks and floor
  local known = math.max(highWater(), tonumber(redis.call('GET', KEYS[4]) or '0'))
  cur = {'', string.format('%.0f', known), '0', '', '[]'}
end
if not cur then
  if redis.call('EXISTS', KEYS[1]) == 1 then redis.call('DEL', KEYS[1]) end
  redis.call('ZREM', KEYS[2], ARGV[1])
  return {'absent'}
end
if ARGV[6] ~= '' and readable then
  local found = false
  for _, label in ipairs(cjson.decode(cur[5])) do
    if label == ARGV[6] then found = true end
  end
  if not found then return {'absent'} end
end
local ver = tonumber(cur[2]) + 1
local vs = string.format('%.0f', ver)
-- the mark of a deletion is negated: a subscriber catching up tells it from an expiry by that
if highWater() < ver then redis.call('HSET', KEYS[3], ARGV[1], '-' .. vs) end
if redis.call('PTTL', KEYS[3]) ~= -1 then raiseFloor(ver) end
redis.call('DEL', KEYS[1])
redis.call('ZREM', KEYS[2], ARGV[1])
redis.call('SET', KEYS[5], vs, 'PX', ARGV[5])
publish('d' .. vs .. '\n' .. ARGV[4] .. '\n' .. ARGV[1] .. '\n')
return {'ok', vs}
