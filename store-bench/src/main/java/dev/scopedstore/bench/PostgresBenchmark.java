package dev.scopedstore.bench;

import dev.scopedstore.Atomic;
import dev.scopedstore.State;
import dev.scopedstore.StateOptions;
import dev.scopedstore.Store;
import dev.scopedstore.postgres.PostgresBackend;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The PostgreSQL backend next to raw pgjdbc running the same statements (same SQL text, same
 * parameters) on the same HikariCP pool: the store's {@code DataSource}. The table
 * {@code bench_state} holds one scope of 1,000 states; with several threads, all work on the
 * same state, and the bulk pairs each thread on its own 1,000 ({@link PostgresBulkStates}). The
 * server comes from {@code SCOPEDSTORE_TEST_POSTGRES_URL} (default
 * {@code postgresql://postgres@127.0.0.1:5432/test}). The raw side decodes what the store
 * decodes, as a hand-written DAO would: the value text to the state's Java type, the labels
 * array to a set, the version and expiry columns to longs.
 *
 * <pre>{@code
 * java -Dbench.suite=postgres -Dbench.threads=1,4 \
 *     -cp "store-bench/target/classes:$(cat store-bench/target/classpath.txt)" \
 *     dev.scopedstore.bench.PairedRunner
 * }</pre>
 */
@org.openjdk.jmh.annotations.State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class PostgresBenchmark {
    static final String TABLE = "bench_state";
    static final String T = "\"public\".\"" + TABLE + "\"";
    private static final String SEQ = "nextval('\"public\".\"" + TABLE + "_version\"')";
    private static final String COLUMNS = "scope, key, value::text, version, labels, ttl_millis, expires_at";
    private static final String TOUCHED = "tx = pg_current_xact_id(), updated_at = clock_timestamp()";
    private static final String INSERT = "INSERT INTO " + T
            + " AS t (scope, key, value, version, labels, ttl_millis, expires_at) ";
    private static final String UPSERT = " ON CONFLICT (scope, key) DO UPDATE SET value = EXCLUDED.value,"
            + " version = t.version + 1,"
            + " labels = CASE WHEN t.expires_at > ? THEN t.labels ELSE EXCLUDED.labels END,"
            + " ttl_millis = EXCLUDED.ttl_millis, expires_at = EXCLUDED.expires_at, " + TOUCHED
            + " RETURNING scope, key, version, labels";
    static final String GET = "SELECT " + COLUMNS + " FROM " + T + " WHERE scope = ? AND key = ? AND expires_at > ?";
    static final String PUT = INSERT + "VALUES (?, ?, ?::jsonb, " + SEQ + ", ?, ?, ?)" + UPSERT;
    static final String PUT_ALL = INSERT + "SELECT u.s, u.k, u.v::jsonb, " + SEQ
            + ", ARRAY(SELECT jsonb_array_elements_text(u.l::jsonb)), u.ttl, u.exp FROM unnest(?::text[],"
            + " ?::text[], ?::text[], ?::text[], ?::bigint[], ?::bigint[]) AS u(s, k, v, l, ttl, exp)" + UPSERT;
    static final String PUT_IF_VERSION = "UPDATE " + T + " SET value = ?::jsonb, version = version + 1,"
            + " ttl_millis = ?, expires_at = ?, " + TOUCHED + " WHERE scope = ? AND key = ? AND version = ?"
            + " AND expires_at > ? RETURNING version, labels";
    static final String APPLY = "WITH op AS (INSERT INTO \"public\".\"" + TABLE + "_ops\" (op_id, applied_at)"
            + " VALUES (?, ?) ON CONFLICT DO NOTHING RETURNING op_id) "
            + INSERT + "SELECT ?, ?, CASE WHEN EXISTS (SELECT 1 FROM " + T + " WHERE scope = ? AND key = ?"
            + " AND expires_at > ?) THEN ?::jsonb ELSE \"public\".scoped_store_apply(?, ?::jsonb, ?::jsonb) END, "
            + SEQ + ", ?, ?, ? FROM op ON CONFLICT (scope, key) DO UPDATE SET value = \"public\".scoped_store_apply"
            + "(?, CASE WHEN t.expires_at > ? THEN t.value ELSE ?::jsonb END, ?::jsonb),"
            + " version = t.version + 1,"
            + " labels = CASE WHEN t.expires_at > ? THEN t.labels ELSE EXCLUDED.labels END,"
            + " ttl_millis = EXCLUDED.ttl_millis, expires_at = EXCLUDED.expires_at, " + TOUCHED
            + " RETURNING " + COLUMNS;
    static final String SCOPE = "bench.poll";
    private static final long NEVER = Long.MAX_VALUE;
    private static final String RAW_OPS = Long.toString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE, 36);

    private final AtomicLong rawOp = new AtomicLong();
    private final Clock clock = Clock.systemUTC();
    private Store store;
    private DataSource pool;
    private State<Integer> plain;
    private State<Long> votes;
    private StateOptions plainOptions;

    /** @return the server: {@code SCOPEDSTORE_TEST_POSTGRES_URL}, else the local default */
    static String url() {
        String url = System.getenv("SCOPEDSTORE_TEST_POSTGRES_URL");
        return url == null || url.isBlank() ? "postgresql://postgres@127.0.0.1:5432/test" : url;
    }

    /**
     * Opens the store, fills the scope, borrows the store's pool for the raw side, and vacuums
     * the table, so that every fork starts without the dead rows earlier forks' writes left
     * (a million of them slow both sides down and widen the spread).
     */
    @Setup
    public void setUp() throws SQLException {
        store = Store.builder().url(url()).property("table", TABLE).property("poolSize", "16")
                .property("notifications", "false").build();
        pool = store.unwrap(PostgresBackend.class).dataSource();
        for (int i = 0; i < Fixture.STATES; i++) {
            store.createState(42, StateOptions.key(Fixture.key(i)).scope(SCOPE));
        }
        plainOptions = StateOptions.key(Fixture.KEY).scope(SCOPE);
        plain = store.createState(0, plainOptions);
        votes = store.createState(0L, StateOptions.key("votes").scope(SCOPE).atomic(Atomic.SUM));
        try (Connection c = pool.getConnection(); Statement vacuum = c.createStatement()) {
            c.setAutoCommit(true);
            vacuum.execute("VACUUM " + T);
        }
    }

    /** @return the store, for the per-thread states */
    Store store() {
        return store;
    }

    /** Closes the store and its pool. */
    @TearDown
    public void tearDown() {
        store.close();
    }

    /** @return {@code State.get()} */
    @Benchmark
    public Integer get() {
        return plain.get();
    }

    /**
     * @return the same SELECT, every column the store reads decoded as the store decodes it: the
     *     value to an {@code Integer}, the labels to a set
     */
    @Benchmark
    public Integer rawGet() throws SQLException {
        try (Connection c = pool.getConnection(); PreparedStatement ps = c.prepareStatement(GET)) {
            ps.setString(1, SCOPE);
            ps.setString(2, Fixture.KEY);
            ps.setLong(3, clock.millis());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                Integer value = Integer.valueOf(rs.getString(3));
                long meta = rs.getLong(4) + labels(rs.getArray(5)).size() + rs.getLong(6) + rs.getLong(7);
                return meta == 0 ? null : value;
            }
        }
    }

    /** @return a {@code text[]} column as a set, as the store reads labels */
    private static Set<String> labels(Array array) throws SQLException {
        String[] values = (String[]) array.getArray();
        return values.length == 0 ? Set.of() : Set.copyOf(Arrays.asList(values));
    }

    /** {@code State.set(v)}. */
    @Benchmark
    public void set(Counter counter) {
        plain.set(counter.next());
    }

    /** @return the same upsert */
    @Benchmark
    public long rawSet(Counter counter) throws SQLException {
        try (Connection c = pool.getConnection()) {
            return rawPut(c, Fixture.KEY, counter.next().toString());
        }
    }

    private long rawPut(Connection c, String key, String value) throws SQLException {
        long now = clock.millis();
        try (PreparedStatement ps = c.prepareStatement(PUT)) {
            ps.setString(1, SCOPE);
            ps.setString(2, key);
            ps.setString(3, value);
            ps.setArray(4, c.createArrayOf("text", new Object[0]));
            ps.setLong(5, 0);
            ps.setLong(6, NEVER);
            ps.setLong(7, now);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(3) + labels(rs.getArray(4)).size();
            }
        }
    }

    /** @return {@code State.update(n -> n + 1)}: a read and a version-conditioned write */
    @Benchmark
    public Integer update() {
        return plain.update(n -> n + 1);
    }

    /** @return the same SELECT and conditional UPDATE, retried on a lost race */
    @Benchmark
    public long rawUpdate() throws SQLException {
        while (true) {
            long version;
            int value;
            try (Connection c = pool.getConnection(); PreparedStatement ps = c.prepareStatement(GET)) {
                ps.setString(1, SCOPE);
                ps.setString(2, Fixture.KEY);
                ps.setLong(3, clock.millis());
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    value = Integer.parseInt(rs.getString(3));
                    version = rs.getLong(4) + labels(rs.getArray(5)).size();
                }
            }
            long now = clock.millis();
            try (Connection c = pool.getConnection(); PreparedStatement ps = c.prepareStatement(PUT_IF_VERSION)) {
                ps.setString(1, Integer.toString(value + 1));
                ps.setLong(2, 0);
                ps.setLong(3, NEVER);
                ps.setString(4, SCOPE);
                ps.setString(5, Fixture.KEY);
                ps.setLong(6, version);
                ps.setLong(7, now);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        return rs.getLong(1) + labels(rs.getArray(2)).size();
                    }
                }
            }
        }
    }

    /** @return {@code accumulate(1L)} on a SUM state: one native upsert */
    @Benchmark
    public Long increment() {
        return votes.accumulate(1L);
    }

    /** @return the same equation upsert, with an write id of its own */
    @Benchmark
    public long rawIncrement() throws SQLException {
        long now = clock.millis();
        try (Connection c = pool.getConnection(); PreparedStatement ps = c.prepareStatement(APPLY)) {
            int i = 0;
            ps.setString(++i, RAW_OPS + "-" + Long.toString(rawOp.incrementAndGet(), 36));
            ps.setLong(++i, now);
            ps.setString(++i, SCOPE);
            ps.setString(++i, "votes");
            ps.setString(++i, SCOPE);
            ps.setString(++i, "votes");
            ps.setLong(++i, now);
            ps.setString(++i, "0");
            ps.setString(++i, "ADD");
            ps.setString(++i, "0");
            ps.setString(++i, "1");
            ps.setArray(++i, c.createArrayOf("text", new Object[0]));
            ps.setLong(++i, 0);
            ps.setLong(++i, NEVER);
            ps.setString(++i, "ADD");
            ps.setLong(++i, now);
            ps.setString(++i, "0");
            ps.setString(++i, "1");
            ps.setLong(++i, now);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return Long.parseLong(rs.getString(3)) + rs.getLong(4) + labels(rs.getArray(5)).size()
                        + rs.getLong(6) + rs.getLong(7);
            }
        }
    }

    /** @return {@code store.createState(0, options)} of an existing state: one SELECT */
    @Benchmark
    public State<Integer> createExisting() {
        return store.createState(0, plainOptions);
    }

    /** @return the same SELECT, decoded the same way */
    @Benchmark
    public Integer rawCreateExisting() throws SQLException {
        return rawGet();
    }

    /**
     * {@code store.setAll} of the thread's 1,000 states: one statement.
     *
     * @param mine the thread's states
     */
    @Benchmark
    public void setAll(PostgresBulkStates mine) {
        store.setAll(mine.values);
    }

    /**
     * @param mine the thread's states
     * @return the same {@code unnest} upsert of 1,000 rows
     */
    @Benchmark
    public long rawSetAll(PostgresBulkStates mine) throws SQLException {
        String[] values = new String[Fixture.STATES];
        int i = 0;
        for (Integer value : mine.values.values()) {
            values[i++] = value.toString();
        }
        long now = clock.millis();
        long sum = 0;
        try (Connection c = pool.getConnection(); PreparedStatement ps = c.prepareStatement(PUT_ALL)) {
            ps.setArray(1, c.createArrayOf("text", mine.scopes));
            ps.setArray(2, c.createArrayOf("text", mine.keys));
            ps.setArray(3, c.createArrayOf("text", values));
            ps.setArray(4, c.createArrayOf("text", mine.labels));
            ps.setArray(5, c.createArrayOf("bigint", mine.ttls));
            ps.setArray(6, c.createArrayOf("bigint", mine.expiries));
            ps.setLong(7, now);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    sum += rs.getString(1).length() + rs.getString(2).length() + rs.getLong(3)
                            + labels(rs.getArray(4)).size();
                }
            }
        }
        return sum;
    }

    /**
     * The thread's 1,000 states written by 1,000 single {@code set}s, for the bulk multiple.
     *
     * @param mine the thread's states
     */
    @Benchmark
    public void thousandSets(PostgresBulkStates mine) {
        mine.values.forEach(State::set);
    }
}
