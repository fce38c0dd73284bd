package dev.scopedstore.redis;

import dev.scopedstore.Store;
import dev.scopedstore.StoreBuilder;
import dev.scopedstore.testkit.StoreConformanceKit;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;

/** The Redis backend passes the conformance kit on standalone Redis. */
@DisplayName("The Redis backend, standalone")
class RedisConformanceTest extends StoreConformanceKit {
    private static final Set<String> NAMESPACES = ConcurrentHashMap.newKeySet();
    private static String url;

    @BeforeAll
    static void server() {
        url = RedisTestServers.standalone();
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
        return "redis";
    }

    @Override
    protected void dropNamespace(String namespace) {
        RedisTestServers.dropNamespace(url, namespace);
    }

    @Nested
    @DisplayName("without native atomic operations, through the facade's compare-and-set")
    class CompareAndSet extends StoreConformanceKit {
        @Override
        protected StoreBuilder storeBuilder(String namespace) {
            return RedisConformanceTest.this.storeBuilder(namespace);
        }

        @Override
        protected String scheme() {
            return "redis";
        }

        @Override
        protected void dropNamespace(String namespace) {
            RedisConformanceTest.this.dropNamespace(namespace);
        }

        @Override
        protected boolean nativeOperations() {
            return false;
        }

        @Override
        protected int opsPerThread() {
            return 100;
        }
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
