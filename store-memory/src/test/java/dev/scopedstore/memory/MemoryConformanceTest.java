package dev.scopedstore.memory;

import dev.scopedstore.Store;
import dev.scopedstore.StoreBuilder;
import dev.scopedstore.testkit.StoreConformanceKit;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.io.TempDir;

/**
 * The memory backend passes the conformance kit: as {@code memory:}, without its native
 * operations, and with a snapshot file (which makes it durable).
 */
@DisplayName("The memory backend")
class MemoryConformanceTest extends StoreConformanceKit {

    /** Every {@code memory:} store is its own namespace, so the namespace needs no setting. */
    @Override
    protected StoreBuilder storeBuilder(String namespace) {
        return Store.builder().url("memory:");
    }

    @Override
    protected String scheme() {
        return "memory";
    }

    @Override
    protected int fuzzCases() {
        return 10_000;
    }

    @Nested
    @DisplayName("without native atomic operations, through the facade's compare-and-set")
    class CompareAndSet extends StoreConformanceKit {
        @Override
        protected StoreBuilder storeBuilder(String namespace) {
            return MemoryConformanceTest.this.storeBuilder(namespace);
        }

        @Override
        protected String scheme() {
            return MemoryConformanceTest.this.scheme();
        }

        @Override
        protected boolean nativeOperations() {
            return false;
        }
    }

    @Nested
    @DisplayName("with a snapshot file per namespace")
    class SnapshotFile extends StoreConformanceKit {
        @TempDir
        Path directory;

        @Override
        protected StoreBuilder storeBuilder(String namespace) {
            return Store.builder().url("memory:" + directory.resolve(namespace + ".jsonl"));
        }

        @Override
        protected String scheme() {
            return MemoryConformanceTest.this.scheme();
        }
    }
}
