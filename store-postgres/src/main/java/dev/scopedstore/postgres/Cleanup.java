package dev.scopedstore.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Purges deleted and expired rows in bounded batches, and old operation ids, in the one
 * instance that gets a transaction-level advisory lock (no stampede). Before purging it raises
 * the version sequence above the purged versions, so a re-created state continues above them.
 */
final class Cleanup {
    /** How long an equation's operation id is kept to recognise a re-sent write. */
    private static final long OPERATION_ID_MILLIS = 600_000;

    private final SqlRunner runner;
    private final Sql sql;
    private final Clock clock;
    private final int batch;

    Cleanup(SqlRunner runner, Sql sql, Clock clock, int batch) {
        this.runner = runner;
        this.sql = sql;
        this.clock = clock;
        this.batch = batch;
    }

    /**
     * Purges one batch, if no other instance is purging this table now.
     *
     * @return how many rows were purged
     */
    int run() {
        long now = clock.millis();
        return runner.transaction(true, Connection.TRANSACTION_READ_COMMITTED, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT pg_try_advisory_xact_lock(hashtext(?))")) {
                ps.setString(1, sql.lockKey + ":cleanup");
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    if (!rs.getBoolean(1)) {
                        return 0;
                    }
                }
            }
            List<String> scopes = new ArrayList<>();
            List<String> keys = new ArrayList<>();
            long highest = 0;
            try (PreparedStatement ps = c.prepareStatement(sql.cleanupSelect)) {
                ps.setLong(1, now);
                ps.setInt(2, batch);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        scopes.add(rs.getString(1));
                        keys.add(rs.getString(2));
                        highest = Math.max(highest, rs.getLong(3));
                    }
                }
            }
            if (!scopes.isEmpty()) {
                // new rows start above every purged version: versions never repeat
                try (PreparedStatement ps = c.prepareStatement(sql.cleanupRaise)) {
                    ps.setLong(1, highest + 1);
                    ps.executeQuery().close();
                }
                try (PreparedStatement ps = c.prepareStatement(sql.cleanupDelete)) {
                    ps.setArray(1, c.createArrayOf("text", scopes.toArray()));
                    ps.setArray(2, c.createArrayOf("text", keys.toArray()));
                    ps.setLong(3, now);
                    ps.executeUpdate();
                }
            }
            try (PreparedStatement ps = c.prepareStatement(sql.cleanupOps)) {
                ps.setLong(1, now - OPERATION_ID_MILLIS);
                ps.setInt(2, batch);
                ps.executeUpdate();
            }
            return scopes.size();
        });
    }
}
