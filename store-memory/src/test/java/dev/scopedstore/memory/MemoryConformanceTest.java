package dev.scopedstore.memory;

import dev.scopedstore.Store;
import dev.scopedstore.StoreBuilder;
import dev.scopedstore.testkit.StoreConformanceKit;
import org.junit.jupiter.api.DisplayName;

/** The memory backend passes the conformance kit. */
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
}
