package dev.scopedstore.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Purges expired rows, deleted rows older than the tombstone retention (so every instance's
 * change feed sees a deletion before its row goes), and old write ids, in bounded batches,
 * in the one instance that gets a transaction-level advisory lock (no stampede).
 *
 * <p>Versions never repeat across delete and re-create: before purging, the cleanup raises the
 * version sequence above the purged versions, so a row inserted later starts above them. An
 * insert draws its version from the sequence before it meets the row it conflicts with, so an
 * insert that drew before the raise and met the row after the purge would reuse a version.
 * The purge therefore holds a {@code SHARE ROW EXCLUSIVE} table lock, which waits for every
 * write statement in flight and holds new ones back until it commits (readers are not
 * blocked): every write either finished before the raise or draws after it. Writers pause for
 * the length of one batch, once per {@code cleanupInterval}, and only when there is something
 * to purge; the lock is given up after {@link #LOCK_TIMEOUT}, and the purge retried next time.
 */
final class Cleanup {
    /** How long an atomic operation's write id is kept to recognise a re-sent write. */
    private static final long WRITE_ID_MILLIS = 600_000;
    /** How long the purge waits for writers in flight before it gives up until next time. */
    static final String LOCK_TIMEOUT = "2s";

    private final SqlRunner runner;
    private final Sql sql;
    private final Clock clock;
    private final int batch;
    private final long tombstoneRetentionMillis;

    Cleanup(SqlRunner runner, Sql sql, Clock clock, int batch, Duration tombstoneRetention) {
        this.runner = runner;
        this.sql = sql;
        this.clock = clock;
        this.batch = batch;
        this.tombstoneRetentionMillis = tombstoneRetention.toMillis();
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
            if (!exists(c, now)) {
                purgeWriteIds(c, now);
                return 0;
            }
            try (Statement s = c.createStatement()) {
                s.execute("SET LOCAL lock_timeout = '" + LOCK_TIMEOUT + "'");
                s.execute(sql.cleanupLock);
            }
            List<String> scopes = new ArrayList<>();
            List<String> keys = new ArrayList<>();
            long highest = 0;
            try (PreparedStatement ps = c.prepareStatement(sql.cleanupSelect)) {
                ps.setLong(1, now);
                ps.setLong(2, tombstoneRetentionMillis);
                ps.setInt(3, batch);
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
            purgeWriteIds(c, now);
            return scopes.size();
        });
    }

    /** @return whether any row can be purged at {@code now}: expired, or deleted before the retention */
    private boolean exists(Connection c, long now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql.cleanupProbe)) {
            ps.setLong(1, now);
            ps.setLong(2, tombstoneRetentionMillis);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    private void purgeWriteIds(Connection c, long now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql.cleanupOps)) {
            ps.setLong(1, now - WRITE_ID_MILLIS);
            ps.setInt(2, batch);
            ps.executeUpdate();
        }
    }
}
