package dev.scopedstore.postgres;

import dev.scopedstore.Store;
import dev.scopedstore.StoreBuilder;
import dev.scopedstore.testkit.StoreConformanceKit;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;

/**
 * The PostgreSQL backend passes the conformance kit, with its native equation writes and
 * without them (through the facade's compare-and-set). Each namespace is a table of its own,
 * dropped after the class.
 */
@DisplayName("The PostgreSQL backend")
class PostgresConformanceTest extends StoreConformanceKit {
    private static final Set<String> TABLES = ConcurrentHashMap.newKeySet();

    @BeforeAll
    static void server() {
        PostgresServer.url();
    }

    @AfterAll
    static void dropTables() {
        TABLES.forEach(PostgresServer::drop);
        TABLES.clear();
    }

    @Override
    protected StoreBuilder storeBuilder(String namespace) {
        TABLES.add(namespace);
        return Store.builder().url(PostgresServer.url()).property("table", namespace)
                .property("pollInterval", "50ms");
    }

    @Override
    protected String scheme() {
        return "postgresql";
    }

    @Override
    protected void dropNamespace(String namespace) {
        PostgresServer.drop(namespace);
        TABLES.remove(namespace);
    }

    @Override
    protected int opsPerThread() {
        return 200;
    }

    @Nested
    @DisplayName("without native atomic operations, through the facade's compare-and-set")
    class CompareAndSet extends StoreConformanceKit {
        @Override
        protected StoreBuilder storeBuilder(String namespace) {
            return PostgresConformanceTest.this.storeBuilder(namespace);
        }

        @Override
        protected String scheme() {
            return PostgresConformanceTest.this.scheme();
        }

        @Override
        protected int opsPerThread() {
            return 100;
        }

        @Override
        protected boolean nativeOperations() {
            return false;
        }
    }
}
