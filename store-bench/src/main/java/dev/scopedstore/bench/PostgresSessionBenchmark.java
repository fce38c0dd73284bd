package dev.scopedstore.bench;

import dev.scopedstore.Store;

/** {@link SessionBenchmark} on PostgreSQL ({@code SCOPEDSTORE_TEST_POSTGRES_URL}). */
public class PostgresSessionBenchmark extends SessionBenchmark {
    @Override
    protected Store open() {
        return Store.builder().url(PostgresBenchmark.url()).property("table", "bench_sessions")
                .property("notifications", "false").build();
    }
}
