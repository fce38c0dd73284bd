package dev.scopedstore.postgres;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.scopedstore.BackendUnavailableException;
import dev.scopedstore.Scope;
import dev.scopedstore.StateId;
import dev.scopedstore.StoreConfigurationException;
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
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
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
 * operation id in the same statement, so a write re-sent after a lost reply applies once.
 * Deleted states stay as tombstones until the cleanup purges them, which keeps versions
 * growing across delete and re-create. Changes of other instances arrive by polling the table
 * with a transaction-snapshot cursor ({@link ChangePoller}); see the README.
 */
public final class PostgresBackend implements StateBackend {
    /** The largest value accepted, as UTF-8 JSON (jsonb allows about 255 MB; we stay far below). */
    public static final int MAX_VALUE_BYTES = 16 * 1024 * 1024;
    static final int SCHEMA_VERSION = 1;
    private static final System.Logger LOG = System.getLogger(PostgresBackend.class.getName());
    private static final String CURSOR_SEPARATOR = "\n";

    private final DataSource dataSource;
    private final HikariDataSource owned;
    private final PostgresConfig config;
    private final Sql sql;
    private final Clock clock;
    private final Duration operationTimeout;
    private final ObjectMapper json;
    private final Capabilities capabilities;
    private final ChangeFanout feed = new ChangeFanout();
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
        this.dataSource = dataSource;
        this.owned = owned;
        this.config = config;
        this.sql = new Sql(config);
        this.clock = Objects.requireNonNull(clock, "clock");
        this.operationTimeout = operationTimeout;
        this.json = JsonMapper.builder()
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
                .build();
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
            prepareSchema();
        } catch (RuntimeException e) {
            closeOwned();
            throw e;
        }
        this.poller = new ChangePoller(this, config, feed);
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
        HikariConfig hikari = new HikariConfig();
        hikari.setJdbcUrl(config.jdbcUrl());
        if (config.user() != null) {
            hikari.setUsername(config.user());
        }
        if (config.password() != null) {
            hikari.setPassword(config.password());
        }
        hikari.setPoolName("scoped-store-" + config.table());
        hikari.setMaximumPoolSize(config.poolSize());
        hikari.setMinimumIdle(Math.min(2, config.poolSize()));
        long connectMillis = Math.max(250, Math.min(config.connectTimeout().toMillis(), operationTimeout.toMillis()));
        hikari.setConnectionTimeout(connectMillis);
        hikari.setValidationTimeout(Math.max(250, Math.min(connectMillis, 1000)));
        hikari.setInitializationFailTimeout(-1);
        hikari.addDataSourceProperty("ApplicationName", config.applicationName());
        hikari.addDataSourceProperty("connectTimeout", String.valueOf(Math.max(1, (connectMillis + 999) / 1000)));
        // a server that stops answering fails the operation near its timeout, never hangs it
        hikari.addDataSourceProperty("socketTimeout",
                String.valueOf(Math.max(1, (operationTimeout.toMillis() + 999) / 1000)));
        hikari.addDataSourceProperty("tcpKeepAlive", "true");
        hikari.addDataSourceProperty("reWriteBatchedInserts", "true");
        if (config.sslmode() != null) {
            hikari.addDataSourceProperty("sslmode", config.sslmode());
        }
        HikariDataSource pool;
        try {
            pool = new HikariDataSource(hikari);
        } catch (RuntimeException e) {
            throw new StoreConfigurationException("cannot configure the PostgreSQL pool for "
                    + config.jdbcUrl() + ": " + e.getMessage());
        }
        return new PostgresBackend(pool, pool, config, clock, operationTimeout);
    }

    // ---- schema ------------------------------------------------------------------------------

    private void prepareSchema() {
        run(false, c -> {
            if (config.createSchema() && schemaVersion(c) == null) {
                boolean auto = c.getAutoCommit();
                c.setAutoCommit(false);
                try (Statement s = c.createStatement()) {
                    // one DDL run at a time, across every instance and table of the database
                    s.execute("SELECT pg_advisory_xact_lock(hashtext('scoped-store-ddl'))");
                    s.execute(ddl());
                    c.commit();
                } catch (SQLException e) {
                    c.rollback();
                    throw e;
                } finally {
                    c.setAutoCommit(auto);
                }
            }
            Integer version = schemaVersion(c);
            if (version == null) {
                throw new StoreConfigurationException("the table " + sql.table + " has no Scoped Store"
                        + " schema; open with createSchema=true or run the DDL from the README");
            }
            if (version != SCHEMA_VERSION) {
                throw new StoreConfigurationException("the table " + sql.table + " has schema version "
                        + version + "; this release reads version " + SCHEMA_VERSION);
            }
            return null;
        });
    }

    /** @return the table's recorded schema version, or {@code null} if it has none yet */
    private Integer schemaVersion(Connection c) throws SQLException {
        boolean auto = c.getAutoCommit();
        try (PreparedStatement ps = c.prepareStatement(sql.schemaVersion)) {
            ps.setString(1, config.table());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getInt(1) : null;
            }
        } catch (SQLException e) {
            if ("42P01".equals(e.getSQLState()) || "3F000".equals(e.getSQLState())) {
                if (!auto) {
                    c.rollback();
                }
                return null;
            }
            throw e;
        }
    }

    /** @return the DDL for this table, as shipped in {@code schema.sql} */
    String ddl() {
        return ddl(config);
    }

    /**
     * @param config names of schema and table
     * @return the DDL for them
     */
    public static String ddl(PostgresConfig config) {
        try (InputStream in = PostgresBackend.class.getResourceAsStream("schema.sql")) {
            String text = new String(Objects.requireNonNull(in, "schema.sql").readAllBytes(), StandardCharsets.UTF_8);
            return text.replace("${schema}", PostgresConfig.quote(config.schema()))
                    .replace("${table}", PostgresConfig.quote(config.table()))
                    .replace("${prefix}", config.table());
        } catch (IOException e) {
            throw new IllegalStateException("cannot read schema.sql", e);
        }
    }

    // ---- operations --------------------------------------------------------------------------

    @Override
    public Capabilities capabilities() {
        return capabilities;
    }

    @Override
    public Optional<StoredState> get(StateId id) {
        return run(true, c -> {
            try (PreparedStatement ps = c.prepareStatement(sql.get)) {
                ps.setString(1, id.scope().canonical());
                ps.setString(2, id.key());
                ps.setLong(3, clock.millis());
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(read(rs, id)) : Optional.<StoredState>empty();
                }
            }
        });
    }

    @Override
    public Map<StateId, StoredState> getAll(Collection<StateId> ids) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        Map<StateId, StoredState> found = run(true, c -> {
            try (PreparedStatement ps = c.prepareStatement(sql.getAll)) {
                ps.setArray(1, c.createArrayOf("text", ids.stream().map(i -> i.scope().canonical()).toArray()));
                ps.setArray(2, c.createArrayOf("text", ids.stream().map(StateId::key).toArray()));
                ps.setLong(3, clock.millis());
                Map<StateId, StoredState> rows = new HashMap<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        StoredState s = read(rs, null);
                        rows.put(s.id(), s);
                    }
                }
                return rows;
            }
        });
        Map<StateId, StoredState> ordered = new LinkedHashMap<>();
        for (StateId id : ids) {
            StoredState s = found.get(id);
            if (s != null) {
                ordered.put(id, new StoredState(id, s.value(), s.version(), s.labels(), s.ttlMillis(), s.expiresAt()));
            }
        }
        return ordered;
    }

    @Override
    public StoredState getOrCreate(StateId id, JsonNode initial, StateMeta meta) {
        String value = text(initial);
        for (int attempt = 0; ; attempt++) {
            Optional<StoredState> existing = get(id);
            if (existing.isPresent()) {
                return existing.get();
            }
            long now = clock.millis();
            Optional<StoredState> created = run(true, c -> {
                try (PreparedStatement ps = c.prepareStatement(sql.create)) {
                    ps.setString(1, id.scope().canonical());
                    ps.setString(2, id.key());
                    ps.setString(3, value);
                    ps.setArray(4, labels(c, meta.labels()));
                    ps.setLong(5, meta.ttlMillis());
                    ps.setLong(6, meta.expiresAt(now));
                    ps.setLong(7, now);
                    try (ResultSet rs = ps.executeQuery()) {
                        return rs.next() ? Optional.of(read(rs, id)) : Optional.<StoredState>empty();
                    }
                }
            });
            if (created.isPresent()) {
                publish(created.get());
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
        String text = text(value);
        StoredState written = run(false, c -> {
            try (PreparedStatement ps = c.prepareStatement(sql.put)) {
                ps.setString(1, id.scope().canonical());
                ps.setString(2, id.key());
                ps.setString(3, text);
                ps.setArray(4, labels(c, meta.labels()));
                ps.setLong(5, meta.ttlMillis());
                ps.setLong(6, expiresAt);
                ps.setLong(7, now);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return new StoredState(id, value, rs.getLong(3), labels(rs.getArray(4)), meta.ttlMillis(), expiresAt);
                }
            }
        });
        publish(written);
        return written;
    }

    @Override
    public List<StoredState> putAll(List<Write> writes) {
        if (writes.isEmpty()) {
            return List.of();
        }
        Set<StateId> distinct = new HashSet<>();
        for (Write w : writes) {
            if (!distinct.add(w.id())) {
                return StateBackend.super.putAll(writes);
            }
        }
        long now = clock.millis();
        int n = writes.size();
        String[] scopes = new String[n];
        String[] keys = new String[n];
        String[] values = new String[n];
        String[] labelSets = new String[n];
        Long[] ttls = new Long[n];
        Long[] expiries = new Long[n];
        // rows are locked in the order sent: sort, so that two bulk writes never deadlock
        List<Write> sorted = new ArrayList<>(writes);
        sorted.sort((a, b) -> a.id().compareTo(b.id()));
        for (int i = 0; i < n; i++) {
            Write w = sorted.get(i);
            scopes[i] = w.id().scope().canonical();
            keys[i] = w.id().key();
            values[i] = text(w.value());
            labelSets[i] = w.meta().labels().isEmpty() ? "[]" : text(json.valueToTree(w.meta().labels()));
            ttls[i] = w.meta().ttlMillis();
            expiries[i] = w.meta().expiresAt(now);
        }
        Map<StateId, long[]> versions = new HashMap<>();
        Map<StateId, Set<String>> labels = new HashMap<>();
        run(false, c -> {
            try (PreparedStatement ps = c.prepareStatement(sql.putAll)) {
                ps.setArray(1, c.createArrayOf("text", scopes));
                ps.setArray(2, c.createArrayOf("text", keys));
                ps.setArray(3, c.createArrayOf("text", values));
                ps.setArray(4, c.createArrayOf("text", labelSets));
                ps.setArray(5, c.createArrayOf("bigint", ttls));
                ps.setArray(6, c.createArrayOf("bigint", expiries));
                ps.setLong(7, now);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        StateId id = StateId.parse(rs.getString(1), rs.getString(2));
                        versions.put(id, new long[] {rs.getLong(3)});
                        labels.put(id, labels(rs.getArray(4)));
                    }
                }
                return null;
            }
        });
        List<StoredState> written = new ArrayList<>(n);
        for (Write w : writes) {
            StoredState s = new StoredState(w.id(), w.value(), versions.get(w.id())[0], labels.get(w.id()),
                    w.meta().ttlMillis(), w.meta().expiresAt(now));
            written.add(s);
            publish(s);
        }
        return written;
    }

    @Override
    public Optional<StoredState> putIfVersion(StateId id, long expectedVersion, JsonNode value,
                                              StateMeta meta) {
        long now = clock.millis();
        long expiresAt = meta.expiresAt(now);
        String text = text(value);
        Optional<StoredState> written = run(false, c -> {
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
                            labels(rs.getArray(2)), meta.ttlMillis(), expiresAt)) : Optional.<StoredState>empty();
                }
            }
        });
        written.ifPresent(this::publish);
        return written;
    }

    @Override
    public StoredState apply(StateId id, AtomicOp op, JsonNode initial, StateMeta meta) {
        String opId = op.operationId();
        String kind = op.kind().name();
        String initialText = text(initial);
        String operand = text(op.operand());
        // the operation id makes the statement safe to re-send: run() retries it on a new
        // connection after a connection failure, and a committed first attempt is not re-applied
        Optional<StoredState> written = run(true, c -> {
            long now = clock.millis();
            try (PreparedStatement ps = c.prepareStatement(sql.apply)) {
                int i = 0;
                ps.setString(++i, opId);
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
                ps.setArray(++i, labels(c, meta.labels()));
                ps.setLong(++i, meta.ttlMillis());
                ps.setLong(++i, meta.expiresAt(now));
                ps.setString(++i, kind);
                ps.setLong(++i, now);
                ps.setString(++i, initialText);
                ps.setString(++i, operand);
                ps.setLong(++i, now);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(read(rs, id)) : Optional.<StoredState>empty();
                }
            }
        });
        if (written.isEmpty()) {
            // applied before: a re-sent statement whose first attempt committed
            return get(id).orElseGet(() -> getOrCreate(id, initial, meta));
        }
        publish(written.get());
        return written.get();
    }

    @Override
    public boolean delete(StateId id) {
        Optional<Long> version = run(false, c -> {
            try (PreparedStatement ps = c.prepareStatement(sql.delete)) {
                ps.setString(1, id.scope().canonical());
                ps.setString(2, id.key());
                ps.setLong(3, clock.millis());
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(rs.getLong(1)) : Optional.<Long>empty();
                }
            }
        });
        version.ifPresent(v -> publishDeletion(id, v));
        return version.isPresent();
    }

    @Override
    public boolean touch(StateId id) {
        return run(true, c -> {
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
        return run(true, c -> {
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
        List<Object> params = new ArrayList<>();
        String statement = statesQuery(filter, cursor, limit, params);
        List<StoredState> rows = run(true, c -> {
            try (PreparedStatement ps = prepare(c, statement, params); ResultSet rs = ps.executeQuery()) {
                List<StoredState> items = new ArrayList<>();
                while (rs.next()) {
                    items.add(read(rs, null));
                }
                return items;
            }
        });
        if (rows.size() <= limit) {
            return new Page<>(rows, null);
        }
        List<StoredState> page = rows.subList(0, limit);
        StateId last = page.get(limit - 1).id();
        return new Page<>(page, last.scope().canonical() + CURSOR_SEPARATOR + last.key());
    }

    /** The listing statement; fills {@code params}. Package-private for the EXPLAIN test. */
    String statesQuery(ScopeFilter filter, String cursor, int limit, List<Object> params) {
        StringBuilder q = new StringBuilder("SELECT ").append(Sql.COLUMNS).append(" FROM ").append(sql.table)
                .append(" WHERE expires_at > ?");
        params.add(clock.millis());
        appendFilter(q, params, filter);
        if (cursor != null) {
            int cut = cursor.indexOf(CURSOR_SEPARATOR);
            if (cut < 0) {
                throw new IllegalArgumentException("not a cursor of this backend");
            }
            q.append(" AND (scope, key) > (?, ?)");
            params.add(cursor.substring(0, cut));
            params.add(cursor.substring(cut + 1));
        }
        q.append(" ORDER BY scope, key LIMIT ?");
        params.add(limit + 1);
        return q.toString();
    }

    @Override
    public Page<Scope> scopes(ScopeFilter filter, String cursor, int limit) {
        List<Object> params = new ArrayList<>();
        StringBuilder q = new StringBuilder("SELECT DISTINCT scope FROM ").append(sql.table)
                .append(" WHERE expires_at > ?");
        params.add(clock.millis());
        appendFilter(q, params, filter);
        if (cursor != null) {
            q.append(" AND scope > ?");
            params.add(cursor);
        }
        q.append(" ORDER BY scope LIMIT ?");
        params.add(limit + 1);
        List<Scope> rows = run(true, c -> {
            try (PreparedStatement ps = prepare(c, q.toString(), params); ResultSet rs = ps.executeQuery()) {
                List<Scope> items = new ArrayList<>();
                while (rs.next()) {
                    items.add(Scope.parse(rs.getString(1)));
                }
                return items;
            }
        });
        if (rows.size() <= limit) {
            return new Page<>(rows, null);
        }
        List<Scope> page = rows.subList(0, limit);
        return new Page<>(page, page.get(limit - 1).canonical());
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
        StringBuilder q = new StringBuilder(sql.tombstone).append("expires_at > ?");
        params.add(clock.millis());
        appendFilter(q, params, filter);
        q.append(" RETURNING scope, key, version");
        return tombstones(q.toString(), params);
    }

    private long tombstones(String statement, List<Object> params) {
        List<Change> deleted = run(false, c -> {
            try (PreparedStatement ps = prepare(c, statement, params); ResultSet rs = ps.executeQuery()) {
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
        run(true, c -> {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT 1")) {
                rs.next();
                return null;
            }
        });
    }

    @Override
    public Subscription subscribe(ScopeFilter filter, ChangeFeedListener listener) {
        ensureOpen();
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
        closeOwned();
    }

    /** @return the settings, without the password */
    @Override
    public String toString() {
        return "PostgresBackend{" + config + "}";
    }

    /**
     * Hands power users the pool: {@code unwrap(DataSource.class)} works through the store.
     *
     * @return the data source this backend uses
     */
    public DataSource dataSource() {
        return dataSource;
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
        ensureOpen();
        return poller.cleanup();
    }

    // ---- helpers for the poller and cleanup ---------------------------------------------------

    Sql sql() {
        return sql;
    }

    Clock clock() {
        return clock;
    }

    JsonNode parse(String text) {
        try {
            return json.readTree(text);
        } catch (JsonProcessingException e) {
            throw new StoreException("PostgreSQL returned JSON that does not parse", e);
        }
    }

    /** Runs on a pooled connection, mapping failures; retries connection failures if idempotent. */
    <T> T run(boolean idempotent, SqlWork<T> work) {
        ensureOpen();
        long deadline = System.nanoTime() + operationTimeout.toNanos();
        SQLException last;
        int attempt = 0;
        while (true) {
            try (Connection c = dataSource.getConnection()) {
                return work.run(c);
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
            if (!idempotent || closed || System.nanoTime() > deadline - Duration.ofMillis(50).toNanos()) {
                throw unavailable(last);
            }
            try {
                Thread.sleep(Math.min(200, 10L * attempt));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw unavailable(last);
            }
        }
    }

    private BackendUnavailableException unavailable(SQLException e) {
        return new BackendUnavailableException("PostgreSQL at " + config.jdbcUrl() + " is unavailable: "
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
            default -> new StoreException("PostgreSQL failed (SQLState " + state + "): " + e.getMessage(), e);
        };
    }

    private static String serverMessage(SQLException e) {
        if (e instanceof org.postgresql.util.PSQLException p && p.getServerErrorMessage() != null) {
            return p.getServerErrorMessage().getMessage();
        }
        return e.getMessage();
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("the PostgreSQL backend is closed");
        }
    }

    private void closeOwned() {
        if (owned != null) {
            owned.close();
        }
    }

    private void appendFilter(StringBuilder q, List<Object> params, ScopeFilter filter) {
        if (filter.scope() == null) {
            return;
        }
        String scope = filter.scope().canonical();
        if (!filter.nested()) {
            q.append(" AND scope = ?");
            params.add(scope);
            return;
        }
        // S itself and every scope starting with "S.": one index range [S, S/) in "C" order,
        // filtered; no LIKE, so nothing in a scope is a wildcard
        q.append(" AND scope >= ? AND scope < ? AND (scope = ? OR scope >= ?)");
        params.add(scope);
        params.add(scope + "/");
        params.add(scope);
        params.add(scope + ".");
    }

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

    /** Reads a row of {@link Sql#COLUMNS}. */
    private StoredState read(ResultSet rs, StateId known) throws SQLException {
        StateId id = known != null ? known : StateId.parse(rs.getString(1), rs.getString(2));
        String labelText = rs.getString(5);
        Set<String> labels = labelText == null || "{}".equals(labelText) ? Set.of() : labels(rs.getArray(5));
        return new StoredState(id, parse(rs.getString(3)), rs.getLong(4), labels, rs.getLong(6), rs.getLong(7));
    }

    private static Set<String> labels(Array array) throws SQLException {
        if (array == null) {
            return Set.of();
        }
        String[] values = (String[]) array.getArray();
        return values.length == 0 ? Set.of() : Set.copyOf(new LinkedHashSet<>(Arrays.asList(values)));
    }

    private static Array labels(Connection c, Set<String> labels) throws SQLException {
        return c.createArrayOf("text", labels.toArray());
    }

    private String text(JsonNode node) {
        try {
            return json.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write the value as JSON: " + e.getOriginalMessage(), e);
        }
    }

    private void publish(StoredState written) {
        if (feed.hasSubscribers()) {
            feed.publish(new Change(written.id(), written.value(), written.version(), false));
        }
    }

    private void publishDeletion(StateId id, long version) {
        if (feed.hasSubscribers()) {
            feed.publish(new Change(id, null, version, true));
        }
    }

    /** Work on one connection. */
    @FunctionalInterface
    interface SqlWork<T> {
        T run(Connection c) throws SQLException;
    }

    static {
        LOG.log(System.Logger.Level.TRACE, "PostgreSQL backend loaded");
    }
}
