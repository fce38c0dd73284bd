-- ARGV[5] value, ARGV[6] ttl, ARGV[7] expiresAt, ARGV[8] labels of a created state
return write(live(), ARGV[5], ARGV[6], ARGV[7], ARGV[8])
