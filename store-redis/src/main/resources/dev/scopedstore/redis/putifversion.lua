-- KEYS[5] this write's marker; ARGV[5..8] as put, ARGV[9] the expected version.
-- A driver that re-sends the script after a lost reply finds the marker and gets success
-- without a second write.
local done = redis.call('GET', KEYS[5])
if done then return replayed(done) end
local cur = live()
if not cur or cur[2] ~= ARGV[9] then return {'conflict'} end
return mark(write(cur, ARGV[5], ARGV[6], ARGV[7], ARGV[8]))
