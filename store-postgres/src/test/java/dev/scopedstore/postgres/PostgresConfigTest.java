package dev.scopedstore.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scopedstore.Store;
import dev.scopedstore.StoreConfigurationException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** URL forms, options and secrets; no server needed. */
class PostgresConfigTest {

    @Test
    @DisplayName("postgresql://user:password@host:port/db gives a pgjdbc URL and the credentials")
    void storeUrl() {
        PostgresConfig c = PostgresConfig.parse("postgresql://app:s%40cret@db.example:5433/app",
                Map.of("table", "states", "schema", "app_state", "poolSize", "4", "sslmode", "require"));
        assertEquals("jdbc:postgresql://db.example:5433/app", c.jdbcUrl());
        assertEquals("app", c.user());
        assertEquals("s@cret", c.password());
        assertEquals("\"app_state\".\"states\"", c.qualifiedTable());
        assertEquals(4, c.poolSize());
        assertEquals("require", c.sslmode());
        assertTrue(c.createSchema());
    }

    @Test
    @DisplayName("jdbc:postgresql:// with user and password options works too")
    void jdbcUrl() {
        PostgresConfig c = PostgresConfig.parse("jdbc:postgresql://localhost/app",
                Map.of("user", "u", "password", "p", "createSchema", "false", "connectTimeout", "500ms"));
        assertEquals("jdbc:postgresql://localhost/app", c.jdbcUrl());
        assertEquals("u", c.user());
        assertEquals("p", c.password());
        assertFalse(c.createSchema());
        assertEquals(Duration.ofMillis(500), c.connectTimeout());
        assertEquals(PostgresConfig.DEFAULT_TABLE, c.table());
    }

    @Test
    @DisplayName("a JDBC URL of another database finds no backend: the error names the scheme, not PostgreSQL")
    void otherJdbcUrl() {
        StoreConfigurationException e = assertThrows(StoreConfigurationException.class,
                () -> Store.open("jdbc:mysql://db:3306/app?user=app&password=hunter2"));
        assertTrue(e.getMessage().startsWith("no backend for 'jdbc:mysql://db:3306/app"), e.getMessage());
        assertTrue(e.getMessage().contains("scheme 'jdbc'"), e.getMessage());
        assertTrue(e.getMessage().contains(JdbcPostgresBackendProvider.class.getName()), e.getMessage());
        assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
        JdbcPostgresBackendProvider provider = new JdbcPostgresBackendProvider();
        assertTrue(provider.accepts("JDBC:PostgreSQL://db/app"));
        assertFalse(provider.accepts("jdbc:postgresq://db/app"));
    }

    @Test
    @DisplayName("toString never shows the password")
    void noPasswordInToString() {
        PostgresConfig c = PostgresConfig.parse("postgresql://app:hunter2@db/app", Map.of());
        assertFalse(c.toString().contains("hunter2"), c.toString());
        assertNull(PostgresConfig.parse("postgresql://db/app", Map.of()).password());
    }

    @Test
    @DisplayName("table and schema names must be plain identifiers: no injection through options")
    void identifiers() {
        for (String bad : new String[] {"x\"; DROP TABLE y; --", "a b", "1abc", "", "x'y", "a.b",
                "very_long_name_that_goes_on_and_on_and_on_and_on_and_on"}) {
            assertThrows(StoreConfigurationException.class,
                    () -> PostgresConfig.parse("postgresql://db/app", Map.of("table", bad)), bad);
            assertThrows(StoreConfigurationException.class,
                    () -> PostgresConfig.parse("postgresql://db/app", Map.of("schema", bad)), bad);
        }
    }

    @Test
    @DisplayName("bad URLs and options are configuration errors without the password")
    void badInput() {
        StoreConfigurationException e = assertThrows(StoreConfigurationException.class,
                () -> PostgresConfig.parse("postgresql://app:hunter2@/app", Map.of()));
        assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
        assertThrows(StoreConfigurationException.class,
                () -> PostgresConfig.parse("postgresql://db/app", Map.of("poolSize", "many")));
        assertThrows(StoreConfigurationException.class,
                () -> PostgresConfig.parse("postgresql://db/app", Map.of("poolSize", "0")));
        assertThrows(StoreConfigurationException.class,
                () -> PostgresConfig.parse("mysql://db/app", Map.of()));
    }

    @Test
    @DisplayName("the shipped DDL names the configured schema and table, quoted")
    void ddl() {
        String ddl = PostgresBackend.ddl(PostgresConfig.parse("postgresql://db/app",
                Map.of("schema", "s1", "table", "t1")));
        assertTrue(ddl.contains("CREATE TABLE IF NOT EXISTS \"s1\".\"t1\""), ddl);
        assertTrue(ddl.contains("COLLATE \"C\""));
        assertFalse(ddl.contains("${"), "every placeholder replaced");
    }
}
