-- KEYS[4] this write's marker; ARGV[5..8] as put, ARGV[9] the expected version.
-- A driver that re-sends the script after a lost reply finds the marker and gets success
-- without a second write.
local done = redis.call('GET', KEYS[4])
if done then
  local cur = live()
  local labels = ARGV[8]
  if cur then labels = cur[5] end
  return {'ok', done, ARGV[5], labels, ARGV[6], ARGV[7], 0}
end
local cur = live()
if not cur or cur[2] ~= ARGV[9] then return {'conflict'} end
local r = write(cur, ARGV[5], ARGV[6], ARGV[7], ARGV[8])
redis.call('SET', KEYS[4], r[2], 'PX', 300000)
return r
