package dev.scopedstore.postgres;

import com.fasterxml.jackson.databind.JsonNode;
import com.zaxxer.hikari.HikariDataSource;
import dev.scopedstore.Scope;
import dev.scopedstore.StateId;
import dev.scopedstore.StoreException;
import dev.scopedstore.Subscription;
import dev.scopedstore.spi.AtomicOp;
import dev.scopedstore.spi.Capabilities;
import dev.scopedstore.spi.Capability;
import dev.scopedstore.spi.Change;
import dev.scopedstore.spi.ChangeFanout;
import dev.scopedstore.spi.ChangeFeedListener;
import dev.scopedstore.spi.Page;
import dev.scopedstore.spi.ScopeFilter;
import dev.scopedstore.spi.StateBackend;
import dev.scopedstore.spi.StateMeta;
import dev.scopedstore.spi.StoredState;
import dev.scopedstore.spi.Write;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;

/**
 * States in one PostgreSQL table: {@code jsonb} values, primary key (scope, key) in
 * {@code COLLATE "C"} order, one statement (one round trip) per operation in the common case.
 * Equation writes run in one {@code INSERT … ON CONFLICT DO UPDATE … RETURNING} with exact
 * {@code numeric} arithmetic (the {@code scoped_store_apply} function) and record their
 * write id in the same statement, so a write re-sent after a lost reply applies once.
 * Deleted states stay as tombstones until the cleanup purges them, which keeps versions
 * growing across delete and re-create. Changes of other instances arrive by polling the table
 * with a transaction-snapshot cursor ({@link ChangePoller}); see docs/postgresql.md.
 */
public final class PostgresBackend implements StateBackend {
    /** The largest value accepted, as UTF-8 JSON (jsonb allows about 255 MB; we stay far below). */
    public static final int MAX_VALUE_BYTES = 16 * 1024 * 1024;

    private final SqlRunner runner;
    private final PostgresConfig config;
    private final Sql sql;
    private final ScopeQueries queries;
    private final Rows rows = new Rows();
    private final Bulk bulk;
    private final Listings listings;
    private final Clock clock;
    private final Capabilities capabilities;
    private final ChangeFanout feed = new ChangeFanout();
    private final Cleanup cleanup;
    private final ChangePoller poller;
    private volatile boolean closed;

    /**
     * A backend on the application's own {@code DataSource}, which it never closes, with the
     * default table, the system clock and a 5 s operation timeout.
     *
     * @param dataSource the application's pool
     */
    public PostgresBackend(DataSource dataSource) {
        this(dataSource, Map.of(), Clock.systemUTC());
    }

    /**
     * A backend on the application's own {@code DataSource}, which it never closes.
     *
     * @param dataSource the application's pool
     * @param options {@code table}, {@code schema}, {@code createSchema}, {@code notifications},
     *     {@code pollInterval}, {@code cleanupInterval} as in the URL
     * @param clock the time expiry follows; give the store's clock
     */
    public PostgresBackend(DataSource dataSource, Map<String, String> options, Clock clock) {
        this(Objects.requireNonNull(dataSource, "dataSource"), null, PostgresConfig.forDataSource(options),
                clock, Duration.ofSeconds(5));
    }

    PostgresBackend(DataSource dataSource, HikariDataSource owned, PostgresConfig config, Clock clock,
                    Duration operationTimeout) {
        this.config = config;
        this.sql = new Sql(config);
        this.runner = new SqlRunner(dataSource, owned, config.jdbcUrl(), sql.table, operationTimeout);
        this.queries = new ScopeQueries(sql);
        this.clock = Objects.requireNonNull(clock, "clock");
        this.bulk = new Bulk(runner, sql, rows, this.clock);
        this.listings = new Listings(runner, queries, rows, this.clock);
        List<Capability> features = new ArrayList<>(List.of(Capability.NATIVE_ADD,
                Capability.NATIVE_MULTIPLY, Capability.NATIVE_SUBTRACT_FROM, Capability.NATIVE_MAX,
                Capability.NATIVE_MIN, Capability.NATIVE_APPEND, Capability.NATIVE_UNION,
                Capability.TTL_FOLLOWS_CLOCK, Capability.BULK_READ, Capability.BULK_WRITE,
                Capability.DURABLE));
        if (config.notifications()) {
            features.add(Capability.CHANGE_FEED_ACROSS_INSTANCES);
        }
        this.capabilities = Capabilities.of(MAX_VALUE_BYTES, features.toArray(Capability[]::new));
        try {
            new SchemaSetup(config, sql).prepare(runner);
        } catch (RuntimeException e) {
            runner.close();
            throw e;
        }
        this.cleanup = new Cleanup(runner, sql, clock, config.cleanupBatch(), config.tombstoneRetention());
        this.poller = new ChangePoller(runner, sql, rows, clock, config, feed, cleanup);
    }

    /**
     * Opens a pool on a parsed URL.
     *
     * @param config the settings
     * @param clock the store's clock
     * @param operationTimeout the store's operation timeout
     * @return an open backend that closes its pool on close
     */
    static PostgresBackend open(PostgresConfig config, Clock clock, Duration operationTimeout) {
        HikariDataSource pool = Pools.open(config, operationTimeout);
        return new PostgresBackend(pool, pool, config, clock, operationTimeout);
    }

    /**
     * @param config names of schema and table
     * @return the DDL for them
     */
    public static String ddl(PostgresConfig config) {
        return SchemaSetup.ddl(config);
    }

    // ---- operations --------------------------------------------------------------------------

    @Override
    public Capabilities capabilities() {
        return capabilities;
    }

    @Override
    public Optional<StoredState> get(StateId id) {
        return runner.run(true, c -> {
            try (PreparedStatement ps = c.prepareStatement(sql.get)) {
                ps.setString(1, id.scope().canonical());
                ps.setString(2, id.key());
                ps.setLong(3, clock.millis());
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(rows.read(rs, id)) : Optional.<StoredState>empty();
                }
            }
        });
    }

    @Override
    public Map<StateId, StoredState> getAll(Collection<StateId> ids) {
        return ids.isEmpty() ? Map.of() : bulk.getAll(ids);
    }

    @Override
    public StoredState getOrCreate(StateId id, JsonNode initial, StateMeta meta) {
        for (int attempt = 0; ; attempt++) {
            Optional<StoredState> existing = get(id);
            if (existing.isPresent()) {
                return existing.get();
            }
            String text = rows.text(initial);
            long now = clock.millis();
            Optional<StoredState> created = runner.run(true, c -> {
                try (PreparedStatement ps = c.prepareStatement(sql.create)) {
                    ps.setString(1, id.scope().canonical());
                    ps.setString(2, id.key());
                    ps.setString(3, text);
                    ps.setArray(4, Rows.labels(c, meta.labels()));
                    ps.setLong(5, meta.ttlMillis());
                    ps.setLong(6, meta.expiresAt(now));
                    ps.setLong(7, now);
                    try (ResultSet rs = ps.executeQuery()) {
                        return rs.next() ? Optional.of(rows.read(rs, id)) : Optional.<StoredState>empty();
                    }
                }
            });
            if (created.isPresent()) {
                feed.publishWrite(created.get());
                return created.get();
            }
            // a racing creator won; the next read sees it (read committed: a new snapshot)
            if (attempt >= 100) {
                throw new StoreException("could not read or create " + id + " after 100 attempts");
            }
        }
    }

    @Override
    public StoredState put(StateId id, JsonNode value, StateMeta meta) {
        long now = clock.millis();
        long expiresAt = meta.expiresAt(now);
        String text = rows.text(value);
        StoredState written = runner.run(false, c -> {
            try (PreparedStatement ps = c.prepareStatement(sql.put)) {
                ps.setString(1, id.scope().canonical());
                ps.setString(2, id.key());
                ps.setString(3, text);
                ps.setArray(4, Rows.labels(c, meta.labels()));
                ps.setLong(5, meta.ttlMillis());
                ps.setLong(6, expiresAt);
                ps.setLong(7, now);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return new StoredState(id, value, rs.getLong(3), Rows.labels(rs.getArray(4)), meta.ttlMillis(), expiresAt);
                }
            }
        });
        feed.publishWrite(written);
        return written;
    }

    @Override
    public List<StoredState> putAll(List<Write> writes) {
        if (writes.isEmpty()) {
            return List.of();
        }
        List<StoredState> written = bulk.putAll(writes);
        if (written == null) {
            return StateBackend.super.putAll(writes);
        }
        written.forEach(feed::publishWrite);
        return written;
    }

    @Override
    public Optional<StoredState> putIfVersion(StateId id, long expectedVersion, JsonNode value,
                                              StateMeta meta) {
        long now = clock.millis();
        long expiresAt = meta.expiresAt(now);
        String text = rows.text(value);
        Optional<StoredState> written = runner.run(false, c -> {
            try (PreparedStatement ps = c.prepareStatement(sql.putIfVersion)) {
                ps.setString(1, text);
                ps.setLong(2, meta.ttlMillis());
                ps.setLong(3, expiresAt);
                ps.setString(4, id.scope().canonical());
                ps.setString(5, id.key());
                ps.setLong(6, expectedVersion);
                ps.setLong(7, now);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(new StoredState(id, value, rs.getLong(1),
                            Rows.labels(rs.getArray(2)), meta.ttlMillis(), expiresAt)) : Optional.<StoredState>empty();
                }
            }
        });
        written.ifPresent(feed::publishWrite);
        return written;
    }

    @Override
    public Optional<StoredState> apply(StateId id, AtomicOp op, JsonNode initial, StateMeta meta) {
        String writeId = op.writeId();
        String kind = op.kind().name();
        String initialText = rows.text(initial);
        String operand = rows.text(op.operand());
        // the write id makes the statement safe to re-send: run() retries it on a new
        // connection after a connection failure, and a committed first attempt is not re-applied
        Optional<StoredState> written = runner.run(true, c -> {
            long now = clock.millis();
            try (PreparedStatement ps = c.prepareStatement(sql.apply)) {
                int i = 0;
                ps.setString(++i, writeId);
                ps.setLong(++i, now);
                ps.setString(++i, id.scope().canonical());
                ps.setString(++i, id.key());
                ps.setString(++i, id.scope().canonical());
                ps.setString(++i, id.key());
                ps.setLong(++i, now);
                ps.setString(++i, initialText);
                ps.setString(++i, kind);
                ps.setString(++i, initialText);
                ps.setString(++i, operand);
                ps.setArray(++i, Rows.labels(c, meta.labels()));
                ps.setLong(++i, meta.ttlMillis());
                ps.setLong(++i, meta.expiresAt(now));
                ps.setString(++i, kind);
                ps.setLong(++i, now);
                ps.setString(++i, initialText);
                ps.setString(++i, operand);
                ps.setLong(++i, now);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(rows.read(rs, id)) : Optional.<StoredState>empty();
                }
            }
        });
        if (written.isEmpty()) {
            // applied before: a re-sent statement whose first attempt committed
            return Optional.of(get(id).orElseGet(() -> getOrCreate(id, initial, meta)));
        }
        feed.publishWrite(written.get());
        return written;
    }

    @Override
    public boolean delete(StateId id) {
        Optional<Long> version = runner.run(false, c -> {
            try (PreparedStatement ps = c.prepareStatement(sql.delete)) {
                ps.setString(1, id.scope().canonical());
                ps.setString(2, id.key());
                ps.setLong(3, clock.millis());
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(rs.getLong(1)) : Optional.<Long>empty();
                }
            }
        });
        version.ifPresent(v -> feed.publishDeletion(id, v));
        return version.isPresent();
    }

    @Override
    public boolean touch(StateId id) {
        return runner.run(true, c -> {
            long now = clock.millis();
            try (PreparedStatement ps = c.prepareStatement(sql.touch)) {
                ps.setLong(1, now);
                ps.setString(2, id.scope().canonical());
                ps.setString(3, id.key());
                ps.setLong(4, now);
                ps.setString(5, id.scope().canonical());
                ps.setString(6, id.key());
                ps.setLong(7, now);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getBoolean(1);
                }
            }
        });
    }

    @Override
    public long touchScope(Scope scope) {
        return runner.run(true, c -> {
            long now = clock.millis();
            try (PreparedStatement ps = c.prepareStatement(sql.touchScope)) {
                ps.setLong(1, now);
                ps.setString(2, scope.canonical());
                ps.setLong(3, now);
                ps.setString(4, scope.canonical());
                ps.setLong(5, now);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    @Override
    public Page<StoredState> states(ScopeFilter filter, String cursor, int limit) {
        return listings.states(filter, cursor, limit);
    }

    /** The listing statement; fills {@code params}. Package-private for the EXPLAIN test. */
    String statesQuery(ScopeFilter filter, String cursor, int limit, List<Object> params) {
        return listings.statesQuery(filter, cursor, limit, params);
    }

    @Override
    public Page<Scope> scopes(ScopeFilter filter, String cursor, int limit) {
        return listings.scopes(filter, cursor, limit);
    }

    @Override
    public long purgeLabels(Set<String> labels) {
        if (labels.isEmpty()) {
            return 0;
        }
        return tombstones(sql.purgeLabels, List.of(labels.toArray(String[]::new), clock.millis()));
    }

    @Override
    public long dropScope(ScopeFilter filter) {
        List<Object> params = new ArrayList<>();
        return tombstones(queries.dropScope(filter, clock.millis(), params), params);
    }

    private long tombstones(String statement, List<Object> params) {
        List<Change> deleted = runner.run(false, c -> {
            try (PreparedStatement ps = SqlRunner.prepare(c, statement, params); ResultSet rs = ps.executeQuery()) {
                List<Change> changes = new ArrayList<>();
                while (rs.next()) {
                    changes.add(new Change(StateId.parse(rs.getString(1), rs.getString(2)), null, rs.getLong(3), true));
                }
                return changes;
            }
        });
        if (feed.hasSubscribers()) {
            deleted.forEach(feed::publish);
        }
        return deleted.size();
    }

    @Override
    public void ping() {
        runner.run(true, c -> {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT 1")) {
                rs.next();
                return null;
            }
        });
    }

    @Override
    public Subscription subscribe(ScopeFilter filter, ChangeFeedListener listener) {
        runner.ensureOpen();
        poller.beforeSubscribe();
        return feed.subscribe(filter, listener);
    }

    /** Stops polling and cleanup and, if this backend opened it, closes the pool. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        poller.close();
        runner.close();
    }

    /** @return the settings, without the password */
    @Override
    public String toString() {
        return "PostgresBackend{" + config + "}";
    }

    /**
     * Hands power users the pool: {@code store.unwrap(PostgresBackend.class).dataSource()}
     * ({@code Store.unwrap} hands out the backend itself, never what the backend holds).
     *
     * @return the data source this backend uses
     */
    public DataSource dataSource() {
        return runner.dataSource();
    }

    /** @return the settings */
    public PostgresConfig config() {
        return config;
    }

    /**
     * Purges one batch of deleted and expired rows now, as the periodic cleanup does.
     *
     * @return how many rows were purged; 0 if another instance is purging
     */
    public int cleanupNow() {
        runner.ensureOpen();
        return cleanup.run();
    }


}
