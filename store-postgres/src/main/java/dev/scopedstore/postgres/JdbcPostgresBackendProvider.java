package dev.scopedstore.postgres;

import dev.scopedstore.spi.BackendContext;
import dev.scopedstore.spi.StateBackend;
import dev.scopedstore.spi.StateBackendProvider;

/**
 * Serves {@code jdbc:postgresql://host:5432/database?user=...&password=...}, the form
 * applications already have in their configuration. Of the {@code jdbc} scheme it accepts only
 * {@code jdbc:postgresql:} URLs; other JDBC URLs are left to other providers, or reported as
 * served by no backend. Not on any hot path.
 */
public final class JdbcPostgresBackendProvider implements StateBackendProvider {
    private static final String PREFIX = "jdbc:postgresql:";

    /** Found by {@link java.util.ServiceLoader}; does nothing until {@link #open}. */
    public JdbcPostgresBackendProvider() {
    }

    @Override
    public String scheme() {
        return "jdbc";
    }

    /** @return whether the URL starts with {@code jdbc:postgresql:}, in any case */
    @Override
    public boolean accepts(String url) {
        return url.regionMatches(true, 0, PREFIX, 0, PREFIX.length());
    }

    @Override
    public StateBackend open(BackendContext context) {
        return PostgresBackend.open(PostgresConfig.parse(context.url(), context.options()),
                context.clock(), context.operationTimeout());
    }
}
