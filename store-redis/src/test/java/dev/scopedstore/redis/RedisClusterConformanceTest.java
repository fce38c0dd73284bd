package dev.scopedstore.redis;

import dev.scopedstore.Store;
import dev.scopedstore.StoreBuilder;
import dev.scopedstore.testkit.StoreConformanceKit;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;

/** The Redis backend passes the conformance kit on a Redis Cluster (3 masters, 3 replicas). */
@DisplayName("The Redis backend, on Redis Cluster")
class RedisClusterConformanceTest extends StoreConformanceKit {
    private static final Set<String> NAMESPACES = ConcurrentHashMap.newKeySet();
    private static String url;

    @BeforeAll
    static void server() {
        url = RedisTestServers.cluster();
    }

    @AfterAll
    static void dropNamespaces() {
        NAMESPACES.forEach(ns -> RedisTestServers.dropNamespace(url, ns));
    }

    @Override
    protected StoreBuilder storeBuilder(String namespace) {
        NAMESPACES.add(namespace);
        return Store.builder().url(url).property("keyPrefix", namespace);
    }

    @Override
    protected String scheme() {
        return "redis-cluster";
    }

    @Override
    protected void dropNamespace(String namespace) {
        RedisTestServers.dropNamespace(url, namespace);
    }

    @Override
    protected int threads() {
        return 8;
    }

    @Override
    protected int opsPerThread() {
        return 200;
    }
}
