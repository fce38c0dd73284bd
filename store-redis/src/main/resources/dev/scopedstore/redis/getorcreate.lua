-- KEYS[5] this call's marker, written only when it creates the state; ARGV[6] value, ARGV[7]
-- ttl, ARGV[8] expiresAt, ARGV[9] labels of a created state. A re-sent call that created the
-- state finds the marker and still replies "created", so the client registers the state.
local done = redis.call('GET', KEYS[5])
local cur = live()
if cur then
  local created = 0
  if done then
    local _, c = marked(done)
    created = c
  end
  return reply('ok', cur, created)
end
-- absent: never created, or created by the first run and deleted since; created (again)
return mark(write(nil, ARGV[6], ARGV[7], ARGV[8], ARGV[9]))
