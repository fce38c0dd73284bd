-- Shared by every write script of Scoped Store. Nothing from user input is spliced into this
-- text: scopes, keys, values and labels arrive as KEYS and ARGV only.
-- KEYS[1] the state (a string, see state()), KEYS[2] the scope's key index (sorted set),
-- KEYS[3] the scope's version high-water marks (hash), KEYS[4] the scope's version floor
-- (string, never expires), KEYS[5] (marked writes only) this write's marker; ARGV[1] the state
-- key, ARGV[2] the client's clock (ms), ARGV[3] the channel prefix, ARGV[4] the encoded scope,
-- ARGV[5] (marked writes only) how long the marker lasts (ms): longer than any re-send can take.
local GRACE = 3600000

-- A state is one string: its header '<version> <ttl ms> <expiresAt ms, empty for never> <labels
-- as a JSON array>', a newline, and its value as JSON text (compact JSON has no raw newline).
local function state(value, version, ttl, exp, labels)
  return version .. ' ' .. ttl .. ' ' .. exp .. ' ' .. labels .. '\n' .. value
end

-- The live state as {value, version, ttl, expiresAt, labels}, or nil if absent or expired.
-- A string without a readable header is an error reply starting with CORRUPT, before anything
-- is written.
local function live()
  local s = redis.call('GET', KEYS[1])
  if not s then return nil end
  local nl = string.find(s, '\n', 1, true)
  local n, t, e, l
  if nl then n, t, e, l = string.match(string.sub(s, 1, nl - 1), '^(%d+) (%d+) (%d*) (.*)$') end
  if not n then error({err = 'CORRUPT the stored string has no readable header'}) end
  if e ~= '' and tonumber(e) <= tonumber(ARGV[2]) then return nil end
  return {string.sub(s, nl + 1), n, t, e, l}
end

-- One message to the scope's channel and to each ancestor's, so that a subscription to a
-- scope and everything under it is one plain channel: no patterns, works on a cluster.
local function publish(msg)
  local base, enc = ARGV[3], ARGV[4]
  redis.call('PUBLISH', base, msg)
  local from = 1
  while true do
    local dot = string.find(enc, '.', from, true)
    if not dot then break end
    redis.call('PUBLISH', base .. string.sub(enc, 1, dot - 1), msg)
    from = dot + 1
  end
  redis.call('PUBLISH', base .. enc, msg)
end

-- Keeps an index or high-water key at least as long as the states it serves.
local function arm(key, before, ttl)
  if ttl == 0 then
    if before ~= -1 then redis.call('PERSIST', key) end
  elseif before ~= -1 and before < ttl + GRACE then
    redis.call('PEXPIRE', key, ttl + GRACE)
  end
end

-- The state's high-water mark: the last version it was written with, or the version of its
-- deletion (stored negated, so that a deletion can be told from an expiry); 0 if none.
local function highWater()
  local mark = redis.call('HGET', KEYS[3], ARGV[1])
  if not mark then return 0 end
  return math.abs(tonumber(mark))
end

-- The next version of the state: one above its high-water mark (or above the scope's floor,
-- once the marks have expired with the scope's states). A state created again skips one
-- version, which a subscriber that missed its deletion or expiry is told about.
local function nextVersion(cur)
  local base = highWater()
  if base == 0 then base = tonumber(redis.call('GET', KEYS[4]) or '0') end
  if cur then
    local n = tonumber(cur[2])
    if n > base then base = n end
    return base + 1
  end
  if base == 0 then return 1 end
  return base + 2
end

-- Keeps the floor at or above every version of the scope whose mark may expire, so no version
-- repeats once the marks are gone.
local function raiseFloor(ver)
  if ver > tonumber(redis.call('GET', KEYS[4]) or '0') then
    redis.call('SET', KEYS[4], string.format('%.0f', ver))
  end
end

-- A write's marker holds the version it wrote, followed by ' created' if it created the state,
-- so that a re-sent script replies as the first run did: the client registers the scope and
-- labels of a state it created even when the first reply was lost.
local function mark(r)
  local v = r[2]
  if r[7] == 1 then v = v .. ' created' end
  redis.call('SET', KEYS[5], v, 'PX', ARGV[5])
  return r
end

-- The version and the created flag (1 or 0) a marker holds.
local function marked(done)
  local sp = string.find(done, ' ', 1, true)
  if sp then return string.sub(done, 1, sp - 1), 1 end
  return done, 0
end

-- The reply to a marked write that already ran (a re-sent script): its version, the value it
-- wrote, whether it created the state; nothing written again.
local function replayed(done)
  local cur = live()
  local labels = ARGV[9]
  if cur then labels = cur[5] end
  local version, created = marked(done)
  return {'ok', version, ARGV[6], labels, ARGV[7], ARGV[8], created}
end

local function reply(status, f, created)
  return {status, f[2], f[1], f[5], f[3], f[4], created}
end

-- Writes value over cur (the live state, or nil to create one with labels).
local function write(cur, value, ttl, exp, labels)
  local key = ARGV[1]
  local ttln = tonumber(ttl)
  if cur and ttln == 0 and cur[3] == '0' then
    -- A state without expiry written again without one, the common case: its string, the index
    -- and the marks are persistent already, and its mark is only read once the state is gone,
    -- which for such a state only a deletion does (and records the mark itself). So only the
    -- value and the version change.
    local vs = string.format('%.0f', tonumber(cur[2]) + 1)
    redis.call('SET', KEYS[1], state(value, vs, '0', cur[4], cur[5]))
    publish('w' .. vs .. '\n' .. ARGV[4] .. '\n' .. key .. '\n' .. value)
    return {'ok', vs, value, cur[5], ttl, exp, 0}
  end
  local hwBefore = redis.call('PTTL', KEYS[3])
  local ixBefore = redis.call('PTTL', KEYS[2])
  local ver = nextVersion(cur)
  local vs = string.format('%.0f', ver)
  redis.call('HSET', KEYS[3], key, vs)
  local l = labels
  if cur then l = cur[5] end
  if ttln == 0 then
    redis.call('SET', KEYS[1], state(value, vs, ttl, exp, l))
  else
    redis.call('SET', KEYS[1], state(value, vs, ttl, exp, l), 'PX', ttln)
  end
  local created = 0
  if not cur then
    created = 1
    redis.call('ZADD', KEYS[2], 0, key)
  end
  arm(KEYS[2], ixBefore, ttln)
  arm(KEYS[3], hwBefore, ttln)
  -- the marks expire unless a state without expiry made them permanent
  if ttln > 0 and hwBefore ~= -1 then raiseFloor(ver) end
  publish('w' .. vs .. '\n' .. ARGV[4] .. '\n' .. key .. '\n' .. value)
  return {'ok', vs, value, l, ttl, exp, created}
end
