package dev.scopedstore.postgres;

import dev.scopedstore.StoreConfigurationException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Objects;

/**
 * Creates the table and its companions on open (unless {@code createSchema=false}) under an
 * advisory lock, so several instances opening at once all succeed, and checks the recorded
 * schema version. Not on any hot path.
 */
final class SchemaSetup {
    /** The schema version this release reads and writes. */
    static final int VERSION = 1;

    private final PostgresConfig config;
    private final Sql sql;

    SchemaSetup(PostgresConfig config, Sql sql) {
        this.config = config;
        this.sql = sql;
    }

    /**
     * @param runner where to run
     * @throws StoreConfigurationException if the table has no schema (and may not create it) or
     *     another version
     */
    void prepare(SqlRunner runner) {
        runner.run(false, c -> {
            Recorded recorded = recorded(c);
            if (config.createSchema() && !recorded.complete()) {
                // a first open, or a table dropped while its version record stayed: the DDL
                // creates what is missing and leaves what exists
                boolean auto = c.getAutoCommit();
                c.setAutoCommit(false);
                try (Statement s = c.createStatement()) {
                    // one DDL run at a time, across every instance and table of the database
                    s.execute("SELECT pg_advisory_xact_lock(hashtext('scoped-store-ddl'))");
                    s.execute(ddl(config));
                    c.commit();
                } catch (SQLException e) {
                    c.rollback();
                    throw e;
                } finally {
                    c.setAutoCommit(auto);
                }
                recorded = recorded(c);
            }
            if (recorded.version() == null) {
                throw new StoreConfigurationException("the table " + sql.table + " has no Scoped Store"
                        + " schema; open with createSchema=true or run the DDL from docs/postgresql.md");
            }
            if (!recorded.tableExists()) {
                throw new StoreConfigurationException("the table " + sql.table + " does not exist, though"
                        + " scoped_store_schema records version " + recorded.version() + " for it (dropped?);"
                        + " open with createSchema=true to re-create it, or run the DDL from docs/postgresql.md");
            }
            if (recorded.version() != VERSION) {
                throw new StoreConfigurationException("the table " + sql.table + " has schema version "
                        + recorded.version() + "; this release reads version " + VERSION);
            }
            return null;
        });
    }

    /** @return the table's recorded schema version and whether the table exists */
    private Recorded recorded(Connection c) throws SQLException {
        boolean auto = c.getAutoCommit();
        try (PreparedStatement ps = c.prepareStatement(sql.schemaVersion)) {
            ps.setString(1, sql.table);
            ps.setString(2, config.table());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? new Recorded(rs.getInt(1), rs.getBoolean(2)) : new Recorded(null, false);
            }
        } catch (SQLException e) {
            if ("42P01".equals(e.getSQLState()) || "3F000".equals(e.getSQLState())) {
                if (!auto) {
                    c.rollback();
                }
                return new Recorded(null, false);
            }
            throw e;
        }
    }

    /**
     * What {@code scoped_store_schema} says of the table.
     *
     * @param version the recorded version, {@code null} if none
     * @param tableExists whether the table itself is there
     */
    private record Recorded(Integer version, boolean tableExists) {
        boolean complete() {
            return version != null && tableExists;
        }
    }

    /**
     * @param config names of schema and table
     * @return the DDL for them, as shipped in {@code schema.sql}
     */
    static String ddl(PostgresConfig config) {
        try (InputStream in = SchemaSetup.class.getResourceAsStream("schema.sql")) {
            String text = new String(Objects.requireNonNull(in, "schema.sql").readAllBytes(), StandardCharsets.UTF_8);
            return text.replace("${schema}", PostgresConfig.quote(config.schema()))
                    .replace("${table}", PostgresConfig.quote(config.table()))
                    .replace("${prefix}", config.table());
        } catch (IOException e) {
            throw new IllegalStateException("cannot read schema.sql", e);
        }
    }
}
