/**
 * The Redis backend: {@code redis://}, {@code rediss://} and {@code redis-cluster://} URLs, or
 * {@link dev.scopedstore.redis.RedisBackend#standalone}/{@link dev.scopedstore.redis.RedisBackend#cluster}
 * on the application's own Lettuce client. See {@link dev.scopedstore.redis.RedisKeys} for the
 * key layout.
 */
package dev.scopedstore.redis;
