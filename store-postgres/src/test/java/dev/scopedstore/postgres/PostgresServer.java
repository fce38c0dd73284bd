package dev.scopedstore.postgres;

import dev.scopedstore.testkit.TestServers;
import static org.junit.jupiter.api.Assertions.fail;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Finds the test server: {@code SCOPEDSTORE_TEST_POSTGRES_URL} (e.g.
 * {@code postgresql://postgres@127.0.0.1:5432/test}). Without it the tests are skipped, with a
 * message saying how to run them; under {@code CI=true} they fail instead. (No Testcontainers:
 * the build machines have no Docker engine.)
 */
final class PostgresServer {
    static final String ENV = "SCOPEDSTORE_TEST_POSTGRES_URL";

    private PostgresServer() {
    }

    /** @return the server's store URL; skips or fails the test without one */
    static String url() {
        return TestServers.fromEnvironment(ENV, "set " + ENV
                + "=postgresql://postgres@127.0.0.1:5432/test, or run .ci/run, which starts PostgreSQL");
    }

    /** @return a plain JDBC connection to the test server, for test set-up and inspection */
    static Connection connect() throws SQLException {
        PostgresConfig config = PostgresConfig.parse(url(), java.util.Map.of());
        return DriverManager.getConnection(config.jdbcUrl(), config.user(), config.password());
    }

    /** Drops a namespace's table and its companions. */
    static void drop(String table) {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS public.\"" + table + "\", public.\"" + table + "_ops\"");
            s.execute("DROP SEQUENCE IF EXISTS public.\"" + table + "_version\"");
            s.execute("DELETE FROM public.scoped_store_schema WHERE table_name = '" + table + "'");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot drop " + table, e);
        }
    }
}
