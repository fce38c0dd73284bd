package dev.scopedstore.postgres;

import dev.scopedstore.spi.BackendContext;
import dev.scopedstore.spi.StateBackend;
import dev.scopedstore.spi.StateBackendProvider;

/**
 * Serves {@code postgresql://user:password@host:5432/database?table=...}: opens a HikariCP pool
 * with pgjdbc, creates the table on first use and checks its schema version. Not on any hot path.
 */
public final class PostgresBackendProvider implements StateBackendProvider {
    /** Found by {@link java.util.ServiceLoader}; does nothing until {@link #open}. */
    public PostgresBackendProvider() {
    }

    @Override
    public String scheme() {
        return "postgresql";
    }

    @Override
    public StateBackend open(BackendContext context) {
        return PostgresBackend.open(PostgresConfig.parse(context.url(), context.options()),
                context.clock(), context.operationTimeout());
    }
}
