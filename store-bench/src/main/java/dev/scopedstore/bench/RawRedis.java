package dev.scopedstore.bench;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;

/**
 * The raw side's own Lettuce client and its one connection to the benchmark server
 * ({@link RedisFixture#URL}), closed together.
 */
final class RawRedis implements AutoCloseable {
    private final RedisClient client = RedisClient.create(RedisFixture.URL);
    /** The connection every raw call of one benchmark goes through. */
    final StatefulRedisConnection<String, String> connection = client.connect();

    @Override
    public void close() {
        connection.close();
        client.shutdown();
    }
}
