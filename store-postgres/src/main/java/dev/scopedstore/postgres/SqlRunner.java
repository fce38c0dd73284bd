package dev.scopedstore.postgres;

import com.zaxxer.hikari.HikariDataSource;
import dev.scopedstore.BackendUnavailableException;
import dev.scopedstore.StoreException;
import dev.scopedstore.spi.Pause;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.List;
import javax.sql.DataSource;

/**
 * Runs work on a pooled connection: retries connection failures of idempotent work within the
 * operation timeout, maps every other {@link SQLException} to the store's exceptions, and owns
 * the pool when the backend opened it. Never prints the password: messages name the JDBC URL,
 * which carries none.
 */
final class SqlRunner implements AutoCloseable {
    private static final long LAST_TRY_NANOS = Duration.ofMillis(50).toNanos();

    private final DataSource dataSource;
    private final HikariDataSource owned;
    private final String shownUrl;
    private final String table;
    private final long timeoutNanos;
    private volatile boolean closed;

    /**
     * @param dataSource the pool
     * @param owned the same pool if this runner closes it, else {@code null}
     * @param shownUrl the JDBC URL, for messages
     * @param table the quoted table name, for messages
     * @param operationTimeout how long idempotent work is retried
     */
    SqlRunner(DataSource dataSource, HikariDataSource owned, String shownUrl, String table,
              Duration operationTimeout) {
        this.dataSource = dataSource;
        this.owned = owned;
        this.shownUrl = shownUrl;
        this.table = table;
        this.timeoutNanos = operationTimeout.toNanos();
    }

    DataSource dataSource() {
        return dataSource;
    }

    /** Runs on a pooled connection, mapping failures; retries connection failures if idempotent. */
    <T> T run(boolean idempotent, SqlWork<T> work) {
        ensureOpen();
        long deadline = System.nanoTime() + timeoutNanos;
        SQLException last;
        int attempt = 0;
        while (true) {
            try (Connection c = dataSource.getConnection()) {
                return inAutocommit(c, work);
            } catch (SQLException e) {
                if (!isConnectionFailure(e)) {
                    throw translate(e);
                }
                last = e;
                if (owned != null && !closed) {
                    // the others were probably cut too (a restart, a failover): replace them
                    // now rather than fail one operation per dead pooled connection
                    var pool = owned.getHikariPoolMXBean();
                    if (pool != null) {
                        pool.softEvictConnections();
                    }
                }
            }
            attempt++;
            if (!idempotent || closed || System.nanoTime() > deadline - LAST_TRY_NANOS) {
                throw unavailable(last);
            }
            SQLException failure = last;
            Pause.sleep(Math.min(200, 10L * attempt), () -> unavailable(failure));
        }
    }

    /**
     * Runs work with autocommit on, as every statement of this backend expects (a transaction
     * is made by {@link #transaction}): an application's pool may hand out connections with
     * autocommit off, and then each write would be rolled back when the connection goes back.
     * The connection's own setting is restored afterwards.
     */
    private static <T> T inAutocommit(Connection c, SqlWork<T> work) throws SQLException {
        boolean autoCommit = c.getAutoCommit();
        if (autoCommit) {
            return work.run(c);
        }
        c.setAutoCommit(true);
        try {
            return work.run(c);
        } finally {
            try {
                c.setAutoCommit(false);
            } catch (SQLException ignored) {
                // the connection is gone; the pool drops it
            }
        }
    }

    /**
     * Runs work in one transaction at an isolation level: committed if it returns, rolled back
     * if it throws; the connection goes back to the pool in autocommit, read committed.
     */
    <T> T transaction(boolean idempotent, int isolation, SqlWork<T> work) {
        return run(idempotent, c -> {
            c.setAutoCommit(false);
            c.setTransactionIsolation(isolation);
            try {
                T result = work.run(c);
                c.commit();
                return result;
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
                    c.setAutoCommit(true);
                } catch (SQLException ignored) {
                    // the connection is gone; the pool drops it
                }
            }
        });
    }

    /** @throws IllegalStateException once closed */
    void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("the PostgreSQL backend is closed");
        }
    }

    /** Stops new work and closes the pool if this runner owns it. */
    @Override
    public void close() {
        closed = true;
        if (owned != null) {
            owned.close();
        }
    }

    private BackendUnavailableException unavailable(SQLException e) {
        return new BackendUnavailableException("PostgreSQL at " + shownUrl + " is unavailable: "
                + e.getMessage(), e);
    }

    static boolean isConnectionFailure(SQLException e) {
        String state = e.getSQLState();
        return e instanceof SQLTransientConnectionException
                || state == null && e.getCause() instanceof IOException
                || state != null && (state.startsWith("08") || state.startsWith("57P") || state.equals("53300")
                        || state.equals("57014"));
    }

    private RuntimeException translate(SQLException e) {
        String state = String.valueOf(e.getSQLState());
        return switch (state) {
            case "SS001", "22003" -> new ArithmeticException(serverMessage(e));
            case "SS002", "22P02" -> new IllegalArgumentException(serverMessage(e));
            // dropped under a running store: re-creating it here would restart versions unseen
            case "42P01" -> new StoreException("the table " + table + " or a companion of it does not"
                    + " exist (dropped while the store was open?); open the store again to re-create it"
                    + " (createSchema=true) or run the DDL from docs/postgresql.md: " + serverMessage(e), e);
            default -> new StoreException("PostgreSQL failed (SQLState " + state + "): " + e.getMessage(), e);
        };
    }

    private static String serverMessage(SQLException e) {
        if (e instanceof org.postgresql.util.PSQLException p && p.getServerErrorMessage() != null) {
            return p.getServerErrorMessage().getMessage();
        }
        return e.getMessage();
    }

    /** Prepares a statement and binds its parameters: strings, longs, ints and text arrays. */
    static PreparedStatement prepare(Connection c, String statement, List<Object> params) throws SQLException {
        PreparedStatement ps = c.prepareStatement(statement);
        try {
            for (int i = 0; i < params.size(); i++) {
                Object p = params.get(i);
                if (p instanceof String s) {
                    ps.setString(i + 1, s);
                } else if (p instanceof Long l) {
                    ps.setLong(i + 1, l);
                } else if (p instanceof Integer n) {
                    ps.setInt(i + 1, n);
                } else if (p instanceof String[] a) {
                    ps.setArray(i + 1, c.createArrayOf("text", a));
                } else {
                    throw new IllegalStateException("parameter " + p);
                }
            }
            return ps;
        } catch (SQLException | RuntimeException e) {
            ps.close();
            throw e;
        }
    }

    /** Work on one connection. */
    @FunctionalInterface
    interface SqlWork<T> {
        T run(Connection c) throws SQLException;
    }
}
