package dev.scopedstore.redis;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * The connections of one backend, the same shape for standalone and cluster: a data
 * connection (sync for single operations, async for pipelined bulk) and a pub/sub connection
 * opened on first subscription. Closes the connections; closes the client only if owned.
 */
final class RedisConnections implements AutoCloseable {
    final RedisClusterCommands<String, String> sync;
    final RedisClusterAsyncCommands<String, String> async;
    final boolean cluster;
    private final StatefulConnection<String, String> data;
    private final Supplier<StatefulRedisPubSubConnection<String, String>> pubSubOpener;
    private final AbstractRedisClient ownedClient;

    private RedisConnections(StatefulConnection<String, String> data,
                             RedisClusterCommands<String, String> sync,
                             RedisClusterAsyncCommands<String, String> async, boolean cluster,
                             Supplier<StatefulRedisPubSubConnection<String, String>> pubSubOpener,
                             AbstractRedisClient ownedClient, Duration timeout) {
        this.data = data;
        this.sync = sync;
        this.async = async;
        this.cluster = cluster;
        this.pubSubOpener = pubSubOpener;
        this.ownedClient = ownedClient;
        data.setTimeout(timeout);
    }

    static RedisConnections standalone(RedisClient client, RedisURI uri, Duration timeout,
                                       boolean owned) {
        StatefulRedisConnection<String, String> c = client.connect(StringCodec.UTF8, uri);
        return new RedisConnections(c, c.sync(), c.async(), false,
                () -> withTimeout(client.connectPubSub(StringCodec.UTF8, uri), timeout),
                owned ? client : null, timeout);
    }

    static RedisConnections cluster(RedisClusterClient client, Duration timeout, boolean owned) {
        StatefulRedisClusterConnection<String, String> c = client.connect(StringCodec.UTF8);
        return new RedisConnections(c, c.sync(), c.async(), true,
                () -> withTimeout(client.connectPubSub(StringCodec.UTF8), timeout),
                owned ? client : null, timeout);
    }

    private static <C extends StatefulConnection<?, ?>> C withTimeout(C c, Duration timeout) {
        c.setTimeout(timeout);
        return c;
    }

    StatefulRedisPubSubConnection<String, String> openPubSub() {
        return pubSubOpener.get();
    }

    @Override
    public void close() {
        try {
            data.close();
        } finally {
            if (ownedClient != null) {
                ownedClient.shutdown(Duration.ZERO, Duration.ofSeconds(2));
            }
        }
    }
}
