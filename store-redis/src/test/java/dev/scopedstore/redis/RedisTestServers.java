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
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * Where the integration tests find Redis. Standalone: {@code SCOPEDSTORE_TEST_REDIS_URL} (e.g.
 * {@code redis://127.0.0.1:6379}), else a {@code redis:7} container shared by every test of
 * the run when a Docker engine answers (Testcontainers). The cluster:
 * {@code SCOPEDSTORE_TEST_REDIS_CLUSTER_URL} only (e.g.
 * {@code redis-cluster://127.0.0.1:7000,127.0.0.1:7001}; {@code .ci/run} starts one). Without
 * them a test is skipped, and under {@code CI=true} it fails.
 */
final class RedisTestServers {
    static final String STANDALONE = "SCOPEDSTORE_TEST_REDIS_URL";
    static final String CLUSTER = "SCOPEDSTORE_TEST_REDIS_CLUSTER_URL";

    private RedisTestServers() {
    }

    /** @return the standalone URL: the variable, else a shared container; or skips (fails under CI=true) */
    static String standalone() {
        String url = System.getenv(STANDALONE);
        if (url != null && !url.isBlank()) {
            return url;
        }
        if (Docker.AVAILABLE) {
            return SharedContainer.URL;
        }
        return TestServers.unavailable(STANDALONE + " is not set and no Docker engine answers for"
                + " Testcontainers; " + howToRun(STANDALONE, "redis://127.0.0.1:6379"));
    }

    /** @return the cluster URL, or skips (fails under CI=true) */
    static String cluster() {
        return TestServers.fromEnvironment(CLUSTER, "the cluster tests have no Testcontainers fallback"
                + " (they need 3 masters and 3 replicas on fixed ports); "
                + howToRun(CLUSTER, "redis-cluster://127.0.0.1:7000,127.0.0.1:7001"));
    }

    private static String howToRun(String variable, String example) {
        return "run `" + variable + "=" + example + " ./mvnw -pl store-redis -am verify` against a"
                + " running server, or .ci/run, which starts one";
    }

    /** Asked once per run: whether Testcontainers finds a Docker engine. */
    private static final class Docker {
        static final boolean AVAILABLE = DockerClientFactory.instance().isDockerAvailable();
    }

    /** One {@code redis:7} for the whole run, started on first use, removed by Testcontainers at exit. */
    private static final class SharedContainer {
        static final String URL = start();

        @SuppressWarnings("resource")   // lives as long as the test JVM
        private static String start() {
            GenericContainer<?> redis = new GenericContainer<>(DockerImageName.parse("redis:7"))
                    .withExposedPorts(6379);
            redis.start();
            return "redis://" + redis.getHost() + ":" + redis.getMappedPort(6379);
        }
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
