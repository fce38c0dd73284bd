package dev.scopedstore.dynamodb;

import dev.scopedstore.StoreBuilder;
import dev.scopedstore.testkit.StoreConformanceKit;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;

/**
 * The DynamoDB backend passes the conformance kit against an emulator, with its native
 * operations and without them; each test class uses its own table, dropped afterwards.
 */
@DisplayName("The DynamoDB backend")
class DynamoConformanceTest extends StoreConformanceKit {
    private static final Set<String> TABLES = ConcurrentHashMap.newKeySet();

    @BeforeAll
    static void requireEmulator() {
        DynamoServer.endpoint();
    }

    @AfterAll
    static void dropTables() {
        TABLES.forEach(DynamoServer::dropTable);
        TABLES.clear();
    }

    @Override
    protected StoreBuilder storeBuilder(String namespace) {
        TABLES.add(namespace);
        return DynamoServer.builder(namespace);
    }

    @Override
    protected String scheme() {
        return "dynamodb";
    }

    @Override
    protected void dropNamespace(String namespace) {
        DynamoServer.dropTable(namespace);
        TABLES.remove(namespace);
    }

    @Override
    protected int threads() {
        return 4;
    }

    @Override
    protected int opsPerThread() {
        return 100;
    }

    @Override
    protected int appendsPerThread() {
        return 25;
    }

    @Nested
    @DisplayName("without native atomic operations, through the facade's compare-and-set")
    class CompareAndSet extends StoreConformanceKit {
        @Override
        protected StoreBuilder storeBuilder(String namespace) {
            return DynamoConformanceTest.this.storeBuilder(namespace);
        }

        @Override
        protected String scheme() {
            return "dynamodb";
        }

        @Override
        protected void dropNamespace(String namespace) {
            DynamoConformanceTest.this.dropNamespace(namespace);
        }

        @Override
        protected int threads() {
            return 4;
        }

        @Override
        protected int opsPerThread() {
            return 50;
        }

        @Override
        protected int appendsPerThread() {
            return 15;
        }

        @Override
        protected boolean nativeOperations() {
            return false;
        }
    }
}
