package dev.scopedstore.postgres;

import dev.scopedstore.StateId;
import dev.scopedstore.spi.Change;
import dev.scopedstore.spi.ChangeFanout;
import dev.scopedstore.spi.StoredState;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The background work of one backend, on one daemon thread: the cross-instance change feed and
 * the cleanup of deleted and expired rows.
 *
 * <p><b>Change feed.</b> Writers do nothing extra (no {@code NOTIFY}, so no commit-time global
 * lock): every write stamps its row with its transaction id ({@code tx xid8}). While anybody
 * subscribes, the poller reads, in one repeatable-read transaction, the current snapshot and
 * the rows whose {@code tx} was not visible in the previous one
 * ({@code tx >= prev.xmin AND NOT pg_visible_in_snapshot(tx, prev)}). A transaction that
 * commits late is still invisible in the previous snapshot, so it is found on the next poll:
 * unlike a sequence or timestamp cursor, nothing can commit "behind" the cursor. A failed poll
 * keeps the previous snapshot, so after a lost connection the next poll delivers the latest
 * value of every state that changed meanwhile. Several writes of one state between polls
 * coalesce to the latest.
 *
 * <p><b>Cleanup.</b> Every {@code cleanupInterval} (jittered), the instance that gets a
 * transaction-level advisory lock purges up to {@code cleanupBatch} rows that are deleted or
 * expired, after raising the version sequence above their versions, and old operation ids.
 */
final class ChangePoller implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(ChangePoller.class.getName());

    private final PostgresBackend backend;
    private final PostgresConfig config;
    private final ChangeFanout feed;
    private final ScheduledExecutorService thread;
    private final Object lock = new Object();
    private String snapshot;

    ChangePoller(PostgresBackend backend, PostgresConfig config, ChangeFanout feed) {
        this.backend = backend;
        this.config = config;
        this.feed = feed;
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "scoped-store-postgres-" + config.table());
            t.setDaemon(true);
            return t;
        });
        if (config.notifications()) {
            long every = Math.max(1, config.pollInterval().toMillis());
            thread.scheduleWithFixedDelay(this::pollQuietly, every, every, TimeUnit.MILLISECONDS);
        }
        long cleanup = Math.max(1000, config.cleanupInterval().toMillis());
        thread.scheduleWithFixedDelay(this::cleanupQuietly,
                ThreadLocalRandom.current().nextLong(cleanup / 2, cleanup), cleanup, TimeUnit.MILLISECONDS);
    }

    /**
     * Called before a listener is added: if nobody listened, starts the cursor at the current
     * snapshot, so that the new listener gets every change committed from now on.
     */
    void beforeSubscribe() {
        if (!config.notifications()) {
            return;
        }
        synchronized (lock) {
            if (snapshot != null && feed.hasSubscribers()) {
                return;
            }
            snapshot = backend.run(true, c -> {
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT pg_current_snapshot()::text")) {
                    rs.next();
                    return rs.getString(1);
                }
            });
        }
    }

    private void pollQuietly() {
        try {
            poll();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "change poll failed; the next poll catches up", e);
        }
    }

    /** Delivers the changes committed since the last successful poll. */
    void poll() {
        List<Change> changes;
        synchronized (lock) {
            if (snapshot == null || !feed.hasSubscribers()) {
                return;
            }
            String previous = snapshot;
            String[] next = new String[1];
            long now = backend.clock().millis();
            changes = backend.run(true, c -> {
                boolean auto = c.getAutoCommit();
                c.setAutoCommit(false);
                c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
                try {
                    List<Change> found = new ArrayList<>();
                    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT pg_current_snapshot()::text")) {
                        rs.next();
                        next[0] = rs.getString(1);
                    }
                    try (PreparedStatement ps = c.prepareStatement(backend.sql().changes)) {
                        ps.setString(1, previous.substring(0, previous.indexOf(':')));
                        ps.setString(2, previous);
                        try (ResultSet rs = ps.executeQuery()) {
                            while (rs.next()) {
                                StateId id = StateId.parse(rs.getString(1), rs.getString(2));
                                long version = rs.getLong(4);
                                long expiresAt = rs.getLong(5);
                                if (expiresAt == 0) {
                                    found.add(new Change(id, null, version, true));
                                } else if (expiresAt == StoredState.NEVER || expiresAt > now) {
                                    found.add(new Change(id, backend.parse(rs.getString(3)), version, false));
                                }
                            }
                        }
                    }
                    c.commit();
                    return found;
                } catch (SQLException | RuntimeException e) {
                    try {
                        c.rollback();
                    } catch (SQLException ignored) {
                        // the connection is gone; the pool drops it
                    }
                    throw e;
                } finally {
                    try {
                        c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
                        c.setAutoCommit(auto);
                    } catch (SQLException ignored) {
                        // the connection is gone; the pool drops it
                    }
                }
            });
            snapshot = next[0];
        }
        changes.forEach(feed::publish);
    }

    private void cleanupQuietly() {
        try {
            cleanup();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "cleanup failed; it runs again later", e);
        }
    }

    /**
     * Purges one batch of deleted and expired rows and old operation ids, if no other instance
     * is purging this table now.
     *
     * @return how many rows were purged
     */
    int cleanup() {
        long now = backend.clock().millis();
        Sql sql = backend.sql();
        return backend.run(true, c -> {
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                try (PreparedStatement ps = c.prepareStatement("SELECT pg_try_advisory_xact_lock(hashtext(?))")) {
                    ps.setString(1, sql.lockKey + ":cleanup");
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        if (!rs.getBoolean(1)) {
                            c.rollback();
                            return 0;
                        }
                    }
                }
                List<String> scopes = new ArrayList<>();
                List<String> keys = new ArrayList<>();
                long highest = 0;
                try (PreparedStatement ps = c.prepareStatement(sql.cleanupSelect)) {
                    ps.setLong(1, now);
                    ps.setInt(2, config.cleanupBatch());
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
                    ps.setLong(1, now - 600_000);
                    ps.setInt(2, config.cleanupBatch());
                    ps.executeUpdate();
                }
                c.commit();
                return scopes.size();
            } catch (SQLException | RuntimeException e) {
                try {
                    c.rollback();
                } catch (SQLException ignored) {
                    // the connection is gone
                }
                throw e;
            } finally {
                try {
                    c.setAutoCommit(auto);
                } catch (SQLException ignored) {
                    // the connection is gone
                }
            }
        });
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
