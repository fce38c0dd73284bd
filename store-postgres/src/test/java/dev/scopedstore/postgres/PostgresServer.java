package dev.scopedstore.postgres;

import dev.scopedstore.testkit.TestServers;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * Finds the test server (docs/design.md, "Tests"): {@code SCOPEDSTORE_TEST_POSTGRES_URL} (e.g.
 * {@code postgresql://postgres@127.0.0.1:5432/test}) if set; else, when a Docker engine
 * answers, one PostgreSQL container shared by every test of the run (Testcontainers removes it
 * when the JVM ends); else the test is skipped with a message saying how to run it, and under
 * {@code CI=true} fails instead.
 */
final class PostgresServer {
    static final String ENV = "SCOPEDSTORE_TEST_POSTGRES_URL";
    static final String IMAGE = "postgres:16-alpine";
    static final String HOW_TO_RUN = ENV + " is not set and no Docker engine answers; set " + ENV
            + "=postgresql://postgres@127.0.0.1:5432/test, run .ci/run (which starts PostgreSQL),"
            + " or start Docker for a Testcontainers PostgreSQL";

    private PostgresServer() {
    }

    /** @return the server's store URL; skips or fails the test without one */
    static String url() {
        return locate(System.getenv(ENV), () -> Docker.AVAILABLE, Shared::url);
    }

    /**
     * The lookup order, apart from the environment, for tests of it.
     *
     * @param fromEnvironment the variable's value, or {@code null}
     * @param docker whether a Docker engine answers; asked only without the variable
     * @param container starts (once) and names the shared container
     * @return a store URL
     */
    static String locate(String fromEnvironment, BooleanSupplier docker, Supplier<String> container) {
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return fromEnvironment;
        }
        if (docker.getAsBoolean()) {
            return container.get();
        }
        return TestServers.unavailable(HOW_TO_RUN);
    }

    /** Whether a Docker engine answers, asked once per run. */
    static final class Docker {
        static final boolean AVAILABLE = ask();

        private Docker() {
        }

        private static boolean ask() {
            try {
                return DockerClientFactory.instance().isDockerAvailable();
            } catch (RuntimeException | LinkageError e) {
                return false;
            }
        }
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

    /** The container, started on first use by the holder idiom and shared by the whole run. */
    private static final class Shared {
        private static final String URL = start();

        static String url() {
            return URL;
        }

        @SuppressWarnings("resource") // stopped by Testcontainers when the JVM ends
        private static String start() {
            PostgreSQLContainer pg = new PostgreSQLContainer(IMAGE);
            pg.start();
            return "postgresql://" + pg.getUsername() + ":" + pg.getPassword() + "@" + pg.getHost() + ":"
                    + pg.getMappedPort(PostgreSQLContainer.POSTGRESQL_PORT) + "/" + pg.getDatabaseName();
        }
    }
}
