package dev.scopedstore.memory;

import dev.scopedstore.Store;
import dev.scopedstore.StoreBuilder;
import dev.scopedstore.testkit.StoreConformanceKit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;

/** The memory backend passes the conformance kit, with and without its native operations. */
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
}
