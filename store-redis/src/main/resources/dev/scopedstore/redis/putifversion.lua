-- KEYS[5] this write's marker; ARGV[6..9] as put, ARGV[10] the expected version.
-- A driver that re-sends the script after a lost reply finds the marker and gets success
-- without a second write.
local done = redis.call('GET', KEYS[5])
if done then return replayed(done) end
local cur = live()
if not cur or cur[2] ~= ARGV[10] then return {'conflict'} end
return mark(write(cur, ARGV[6], ARGV[7], ARGV[8], ARGV[9]))
