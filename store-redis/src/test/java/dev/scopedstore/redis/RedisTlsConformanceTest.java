package dev.scopedstore.redis;

import dev.scopedstore.Store;
import dev.scopedstore.StoreBuilder;
import dev.scopedstore.testkit.StoreConformanceKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;

/** The Redis backend passes the conformance kit over TLS ({@code rediss://}, see {@link RedisTlsTest}). */
@DisplayName("The Redis backend over TLS, conformance")
class RedisTlsConformanceTest extends StoreConformanceKit {
    private static TlsRedisServer server;
    private static String ca;

    @BeforeAll
    static void start() throws Exception {
        server = TlsRedisServer.start("IP:127.0.0.1");
        ca = TlsRedisServer.caCert().toString();
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @Override
    protected StoreBuilder storeBuilder(String namespace) {
        return Store.builder().url(server.tlsUrl()).property("tlsCaCertFile", ca).property("keyPrefix", namespace);
    }

    @Override
    protected String scheme() {
        return "rediss";
    }

    @Override
    protected void dropNamespace(String namespace) {
        RedisTestServers.dropNamespace(server.plainUrl(), namespace);
    }
}
