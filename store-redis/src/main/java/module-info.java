/** The Redis and Redis Cluster backend of Scoped Store, on Lettuce. */
module dev.scopedstore.redis {
    requires transitive dev.scopedstore;
    requires transitive lettuce.core;

    exports dev.scopedstore.redis;

    provides dev.scopedstore.spi.StateBackendProvider with
            dev.scopedstore.redis.RedisBackendProvider,
            dev.scopedstore.redis.RedisTlsBackendProvider,
            dev.scopedstore.redis.RedisClusterBackendProvider;
}
