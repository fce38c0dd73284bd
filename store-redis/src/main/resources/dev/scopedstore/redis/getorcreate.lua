-- ARGV[5] value, ARGV[6] ttl, ARGV[7] expiresAt, ARGV[8] labels of a created state
local cur = live()
if cur then return reply('ok', cur, 0) end
return write(nil, ARGV[5], ARGV[6], ARGV[7], ARGV[8])
