package dev.scopedstore.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.scopedstore.StoreConfigurationException;
import java.time.Duration;

/**
 * The HikariCP pool a URL-opened backend owns: connection and socket timeouts within the
 * operation timeout (an outage fails fast, a silent server never hangs an operation), the
 * password given to the pool only. Not on any hot path.
 */
final class Pools {
    private Pools() {
    }

    /**
     * @param config the settings
     * @param operationTimeout the store's operation timeout
     * @return a started pool; connections are made lazily, so an unreachable server fails the
     *     first operation, not this call
     * @throws StoreConfigurationException if HikariCP refuses the settings
     */
    static HikariDataSource open(PostgresConfig config, Duration operationTimeout) {
        HikariConfig hikari = new HikariConfig();
        hikari.setJdbcUrl(config.jdbcUrl());
        if (config.user() != null) {
            hikari.setUsername(config.user());
        }
        if (config.password() != null) {
            hikari.setPassword(config.password());
        }
        hikari.setPoolName("scoped-store-" + config.table());
        hikari.setMaximumPoolSize(config.poolSize());
        hikari.setMinimumIdle(Math.min(2, config.poolSize()));
        long connectMillis = Math.max(250, Math.min(config.connectTimeout().toMillis(), operationTimeout.toMillis()));
        hikari.setConnectionTimeout(connectMillis);
        hikari.setValidationTimeout(Math.max(250, Math.min(connectMillis, 1000)));
        hikari.setInitializationFailTimeout(-1);
        hikari.addDataSourceProperty("ApplicationName", config.applicationName());
        hikari.addDataSourceProperty("connectTimeout", String.valueOf(Math.max(1, (connectMillis + 999) / 1000)));
        // a server that stops answering fails the operation near its timeout, never hangs it
        hikari.addDataSourceProperty("socketTimeout",
                String.valueOf(Math.max(1, (operationTimeout.toMillis() + 999) / 1000)));
        hikari.addDataSourceProperty("tcpKeepAlive", "true");
        hikari.addDataSourceProperty("reWriteBatchedInserts", "true");
        if (config.sslmode() != null) {
            hikari.addDataSourceProperty("sslmode", config.sslmode());
        }
        try {
            return new HikariDataSource(hikari);
        } catch (RuntimeException e) {
            throw new StoreConfigurationException("cannot configure the PostgreSQL pool for "
                    + config.jdbcUrl() + ": " + e.getMessage());
        }
    }
}
