-- value = value (op) operand in one step, exactly, for the shapes Lua can do without losing a
-- digit: ADD of 64-bit integers (in Lua when both are below 10^15, which doubles hold exactly,
-- else INCRBY on a scratch key of the scope's slot, which refuses to overflow), MAX and MIN of
-- 64-bit integers (compared as digit strings), and APPEND of arrays (spliced as JSON text).
-- Replies {'fallback'} for any other shape.
-- KEYS[5] the operation's marker, also the scratch key; ARGV[6] operand (JSON), ARGV[7] ttl,
-- ARGV[8] expiresAt, ARGV[9] labels of a created state, ARGV[10] the initial value of an
-- absent state, ARGV[11] the operation: ADD, MAX, MIN or APPEND.
local done = redis.call('GET', KEYS[5])
if done then
  local cur = live()
  local _, created = marked(done)
  if cur then return reply('ok', cur, created) end
  return {'replayed'}
end
local cur = live()
local base = ARGV[10]
if cur then base = cur[1] end
local operand, op = ARGV[6], ARGV[11]

local function int(s)
  return string.match(s, '^%-?%d+$') and string.len(s) <= 20
end

-- -1, 0 or 1 as a < b, a == b or a > b, for canonical integer texts
local function compare(a, b)
  local na, nb = string.sub(a, 1, 1) == '-', string.sub(b, 1, 1) == '-'
  if na ~= nb then if na then return -1 else return 1 end end
  local c
  if string.len(a) ~= string.len(b) then
    if string.len(a) < string.len(b) then c = -1 else c = 1 end
  elseif a == b then c = 0
  elseif a < b then c = -1 else c = 1 end
  if na then return -c end
  return c
end

local value
if op == 'ADD' and int(base) and string.len(base) <= 15 and string.len(operand) <= 15 then
  -- both below 10^15 in magnitude: a double holds them and their sum exactly
  value = string.format('%.0f', tonumber(base) + tonumber(operand))
elseif op == 'ADD' then
  if not int(base) then return {'fallback'} end
  redis.call('SET', KEYS[5], base, 'PX', ARGV[5])
  local ok = redis.pcall('INCRBY', KEYS[5], operand)
  if type(ok) == 'table' and ok.err then
    redis.call('DEL', KEYS[5])
    if string.find(ok.err, 'overflow', 1, true) then return {'overflow'} end
    return {'fallback'}
  end
  value = redis.call('GET', KEYS[5])
elseif op == 'MAX' or op == 'MIN' then
  if not int(base) then return {'fallback'} end
  local c = compare(operand, base)
  if (op == 'MAX' and c > 0) or (op == 'MIN' and c < 0) then value = operand else value = base end
elseif op == 'APPEND' then
  if string.sub(base, 1, 1) ~= '[' or string.sub(base, -1) ~= ']' then return {'fallback'} end
  if base == '[]' then value = operand
  elseif operand == '[]' then value = base
  else value = string.sub(base, 1, -2) .. ',' .. string.sub(operand, 2) end
else
  return {'fallback'}
end
local r = write(cur, value, ARGV[7], ARGV[8], ARGV[9])
return mark(r)
