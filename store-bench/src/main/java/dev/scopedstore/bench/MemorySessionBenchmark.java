package dev.scopedstore.bench;

import dev.scopedstore.Store;

/** {@link SessionBenchmark} on the memory backend. */
public class MemorySessionBenchmark extends SessionBenchmark {
    @Override
    protected Store open() {
        return Store.open(Fixture.URL);
    }
}
