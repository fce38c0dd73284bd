package dev.scopedstore.postgres;

import dev.scopedstore.StoreConfigurationException;
import dev.scopedstore.spi.BackendContext;
import dev.scopedstore.spi.StateBackend;
import dev.scopedstore.spi.StateBackendProvider;
import dev.scopedstore.spi.Urls;

/**
 * Serves {@code jdbc:postgresql://host:5432/database?user=...&password=...}, the form
 * applications already have in their configuration. It claims the {@code jdbc} scheme and
 * refuses every JDBC URL that is not PostgreSQL. Not on any hot path.
 */
public final class JdbcPostgresBackendProvider implements StateBackendProvider {
    /** Found by {@link java.util.ServiceLoader}; does nothing until {@link #open}. */
    public JdbcPostgresBackendProvider() {
    }

    @Override
    public String scheme() {
        return "jdbc";
    }

    @Override
    public StateBackend open(BackendContext context) {
        if (!context.url().regionMatches(true, 0, "jdbc:postgresql:", 0, "jdbc:postgresql:".length())) {
            throw new StoreConfigurationException("'" + Urls.redact(context.url()) + "': store-postgres"
                    + " serves only jdbc:postgresql:// URLs");
        }
        return PostgresBackend.open(PostgresConfig.parse(context.url(), context.options()),
                context.clock(), context.operationTimeout());
    }
}
