package dev.scopedstore.postgres;

import dev.scopedstore.StateId;
import dev.scopedstore.spi.Change;
import dev.scopedstore.spi.ChangeFanout;
import dev.scopedstore.spi.StoredState;
import dev.scopedstore.spi.DaemonThreads;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
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
 * <p><b>Cleanup.</b> Every {@code cleanupInterval} (jittered) the same thread runs the
 * {@link Cleanup}.
 */
final class ChangePoller implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(ChangePoller.class.getName());

    private final SqlRunner runner;
    private final Sql sql;
    private final Rows rows;
    private final Clock clock;
    private final PostgresConfig config;
    private final ChangeFanout feed;
    private final Cleanup cleanup;
    private final ScheduledExecutorService thread;
    private final Object lock = new Object();
    private String snapshot;

    ChangePoller(SqlRunner runner, Sql sql, Rows rows, Clock clock, PostgresConfig config,
                 ChangeFanout feed, Cleanup cleanup) {
        this.runner = runner;
        this.sql = sql;
        this.rows = rows;
        this.clock = clock;
        this.config = config;
        this.feed = feed;
        this.cleanup = cleanup;
        this.thread = DaemonThreads.scheduler("scoped-store-postgres-" + config.table());
        if (config.notifications()) {
            long every = Math.max(1, config.pollInterval().toMillis());
            thread.scheduleWithFixedDelay(this::pollQuietly, every, every, TimeUnit.MILLISECONDS);
        }
        long purgeEvery = Math.max(1000, config.cleanupInterval().toMillis());
        thread.scheduleWithFixedDelay(this::cleanupQuietly,
                ThreadLocalRandom.current().nextLong(purgeEvery / 2, purgeEvery), purgeEvery, TimeUnit.MILLISECONDS);
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
            snapshot = runner.run(true, c -> {
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
            long now = clock.millis();
            changes = runner.transaction(true, Connection.TRANSACTION_REPEATABLE_READ, c -> {
                List<Change> found = new ArrayList<>();
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT pg_current_snapshot()::text")) {
                    rs.next();
                    next[0] = rs.getString(1);
                }
                try (PreparedStatement ps = c.prepareStatement(sql.changes)) {
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
                                found.add(new Change(id, rows.parse(rs.getString(3)), version, false));
                            }
                        }
                    }
                }
                return found;
            });
            snapshot = next[0];
        }
        changes.forEach(feed::publish);
    }

    private void cleanupQuietly() {
        try {
            cleanup.run();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "cleanup failed; it runs again later", e);
        }
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
