package dev.scopedstore.redis;

import dev.scopedstore.testkit.TestServers;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the integration tests find Redis: {@code SCOPEDSTORE_TEST_REDIS_URL} (e.g.
 * {@code redis://127.0.0.1:6379}) and {@code SCOPEDSTORE_TEST_REDIS_CLUSTER_URL} (e.g.
 * {@code redis-cluster://127.0.0.1:7000,127.0.0.1:7001}). There is no Testcontainers fallback
 * (no Docker engine on the build machines): without the variable a test is skipped, and under
 * {@code CI=true} it fails.
 */
final class RedisTestServers {
    static final String STANDALONE = "SCOPEDSTORE_TEST_REDIS_URL";
    static final String CLUSTER = "SCOPEDSTORE_TEST_REDIS_CLUSTER_URL";

    private RedisTestServers() {
    }

    /** @return the standalone URL, or skips (fails under CI=true) */
    static String standalone() {
        return require(STANDALONE, "redis://127.0.0.1:6379");
    }

    /** @return the cluster URL, or skips (fails under CI=true) */
    static String cluster() {
        return require(CLUSTER, "redis-cluster://127.0.0.1:7000,127.0.0.1:7001");
    }

    private static String require(String variable, String example) {
        return TestServers.fromEnvironment(variable, "run `" + variable + "=" + example
                + " ./mvnw -pl store-redis -am verify` against a running server, or .ci/run,"
                + " which starts one");
    }

    /** Deletes every key of a namespace (test clean-up only: SCAN by prefix). */
    static void dropNamespace(String url, String namespace) {
        if (url.startsWith("redis-cluster://")) {
            RedisClusterClient client = RedisClusterClient.create(seeds(url));
            try (StatefulRedisClusterConnection<String, String> c = client.connect()) {
                c.sync().upstream().commands().keys("{" + namespace + ":*").forEach(keys ->
                        deleteAll(c.sync(), keys));
                c.sync().upstream().commands().keys(namespace + ":*").forEach(keys ->
                        deleteAll(c.sync(), keys));
            } finally {
                client.shutdown();
            }
            return;
        }
        RedisClient client = RedisClient.create(url);
        try (StatefulRedisConnection<String, String> c = client.connect()) {
            for (String pattern : List.of("{" + namespace + ":*", namespace + ":*")) {
                ScanCursor cursor = ScanCursor.INITIAL;
                do {
                    KeyScanCursor<String> page = c.sync().scan(cursor, ScanArgs.Builder.matches(pattern).limit(1000));
                    if (!page.getKeys().isEmpty()) {
                        c.sync().del(page.getKeys().toArray(String[]::new));
                    }
                    cursor = page;
                } while (!cursor.isFinished());
            }
        } finally {
            client.shutdown();
        }
    }

    private static void deleteAll(RedisClusterCommands<String, String> commands, List<String> keys) {
        for (String key : keys) {
            commands.del(key);
        }
    }

    static List<RedisURI> seeds(String clusterUrl) {
        List<RedisURI> seeds = new ArrayList<>();
        String rest = clusterUrl.substring("redis-cluster://".length());
        int q = rest.indexOf('?');
        rest = q < 0 ? rest : rest.substring(0, q);
        for (String node : rest.replace("/", "").split(",")) {
            int colon = node.lastIndexOf(':');
            seeds.add(RedisURI.create(node.substring(0, colon), Integer.parseInt(node.substring(colon + 1))));
        }
        return seeds;
    }
}
