package dev.scopedstore.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.zaxxer.hikari.HikariDataSource;
import dev.scopedstore.Atomic;
import dev.scopedstore.StateTypeMismatchException;
import dev.scopedstore.Scope;
import dev.scopedstore.ScopeQuery;
import dev.scopedstore.State;
import dev.scopedstore.StateChange;
import dev.scopedstore.StateEntry;
import dev.scopedstore.StateOptions;
import dev.scopedstore.Store;
import dev.scopedstore.StoreConfigurationException;
import dev.scopedstore.StoreException;
import dev.scopedstore.Subscription;
import dev.scopedstore.spi.ScopeFilter;
import dev.scopedstore.spi.StateBackend;
import dev.scopedstore.testkit.TestClock;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** What the kit does not cover: schema, injection, the index, purge, a DataSource of one's own. */
class PostgresBackendTest {
    private final List<String> tables = new ArrayList<>();
    private final List<Store> stores = new ArrayList<>();
    private final TestClock clock = new TestClock();
    private String table;

    @BeforeAll
    static void server() {
        PostgresServer.url();
    }

    @BeforeEach
    void freshTable() {
        table = freshName();
    }

    @AfterEach
    void drop() {
        stores.forEach(Store::close);
        tables.forEach(PostgresServer::drop);
    }

    private String freshName() {
        byte[] b = new byte[6];
        ThreadLocalRandom.current().nextBytes(b);
        String name = "pgtest_" + HexFormat.of().formatHex(b);
        tables.add(name);
        return name;
    }

    private Store open(String tableName, Map<String, String> more) {
        var builder = Store.builder().url(PostgresServer.url()).property("table", tableName).clock(clock);
        more.forEach(builder::property);
        Store s = builder.build();
        stores.add(s);
        return s;
    }

    private Store open() {
        return open(table, Map.of());
    }

    @Test
    @DisplayName("many instances opening at once against an empty database all succeed")
    void concurrentFirstOpen() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<Store>> opening = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                opening.add(pool.submit(() -> open(table, Map.of("poolSize", "2"))));
            }
            for (Future<Store> f : opening) {
                f.get().ping();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    @DisplayName("createSchema=false refuses a table without the schema, naming it")
    void createSchemaFalse() {
        StoreConfigurationException e = assertThrows(StoreConfigurationException.class,
                () -> open(table, Map.of("createSchema", "false")));
        assertTrue(e.getMessage().contains(table), e.getMessage());
        open().ping();
        open(table, Map.of("createSchema", "false")).ping();
    }

    @Test
    @DisplayName("a table with another schema version is refused")
    void schemaVersion() throws SQLException {
        open().ping();
        try (Connection c = PostgresServer.connect(); Statement s = c.createStatement()) {
            s.execute("UPDATE public.scoped_store_schema SET version = 99 WHERE table_name = '" + table + "'");
        }
        StoreConfigurationException e = assertThrows(StoreConfigurationException.class,
                () -> open(table, Map.of("createSchema", "false")));
        assertTrue(e.getMessage().contains("99"), e.getMessage());
    }

    @Test
    @DisplayName("a table dropped while its version record stayed: createSchema=false names it, an open re-creates it")
    void droppedTableReopened() throws SQLException {
        open().createState(1, StateOptions.key("k").scope("gone"));
        dropTableOnly();
        StoreConfigurationException e = assertThrows(StoreConfigurationException.class,
                () -> open(table, Map.of("createSchema", "false")));
        assertTrue(e.getMessage().contains(table) && e.getMessage().contains("does not exist"), e.getMessage());
        Store again = open();
        assertFalse(again.hasState(StateOptions.key("k").scope("gone")));
        assertEquals(2, again.createState(2, StateOptions.key("k").scope("gone")).get());
    }

    @Test
    @DisplayName("a table dropped under an open store: operations fail with an error naming the table")
    void droppedTableWhileOpen() throws SQLException {
        Store store = open();
        State<Integer> s = store.createState(1, StateOptions.key("k").scope("gone"));
        dropTableOnly();
        StoreException e = assertThrows(StoreException.class, s::get);
        assertTrue(e.getMessage().contains("\"" + table + "\"") && e.getMessage().contains("open the store again"),
                e.getMessage());
    }

    private void dropTableOnly() throws SQLException {
        try (Connection c = PostgresServer.connect(); Statement st = c.createStatement()) {
            st.execute("DROP TABLE public.\"" + table + "\"");
        }
    }

    @Test
    @DisplayName("scopes, keys, labels and values with SQL and LIKE metacharacters are plain data")
    void injection() {
        Store store = open();
        String[] nasty = {"x'; DROP TABLE " + table + "; --", "100%", "a_b", "back\\slash", "q\"uote",
            "semi;colon", "%", "_", "\\"};
        String base = "inj" + ThreadLocalRandom.current().nextInt(1_000_000);
        for (String s : nasty) {
            State<String> state = store.createState(s, StateOptions.key(s).scope(base + "." + s).labels(s));
            assertEquals(s, state.get());
            state.set(s + s);
        }
        // a sibling that a LIKE 'base.%' or '_' pattern would wrongly match
        store.createState("other", StateOptions.key("k").scope(base + "x.y"));
        for (String s : nasty) {
            List<StateEntry> entries = list(store, ScopeQuery.nested(base + "." + s));
            assertEquals(1, entries.size(), () -> s + ": " + entries);
            assertEquals(s + s, entries.get(0).value().asText());
            assertEquals(Set.of(s), entries.get(0).labels());
        }
        assertEquals(nasty.length, list(store, ScopeQuery.nested(base)).size());
        assertEquals(1, store.purgeLabels("%"), "a label is matched exactly, never as a pattern");
        assertEquals(nasty.length - 1, list(store, ScopeQuery.nested(base)).size());
        assertEquals(nasty.length - 1, store.dropScope(ScopeQuery.nested(base)));
        assertEquals(1, list(store, ScopeQuery.nested(base + "x")).size(), "the sibling survives");
        store.ping();
    }

    @Test
    @DisplayName("a nested-scope listing is served by the primary key's index, not a scan")
    void explainUsesIndex() throws SQLException {
        Store store = open();
        StateBackend backend = store.unwrap(StateBackend.class);
        try (Connection c = PostgresServer.connect(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO public.\"" + table + "\" (scope, key, value, version, expires_at)"
                    + " SELECT 'tenant' || (i % 500) || '.room' || (i % 7), 'k' || i, to_jsonb(i), 1,"
                    + " 9223372036854775807 FROM generate_series(1, 20000) i");
            s.execute("ANALYZE public.\"" + table + "\"");
        }
        PostgresBackend pg = (PostgresBackend) backend;
        for (ScopeFilter filter : List.of(new ScopeFilter(Scope.parse("tenant42"), true),
                new ScopeFilter(Scope.parse("tenant42.room3"), false))) {
            List<Object> params = new ArrayList<>();
            String query = pg.statesQuery(filter, null, 100, params);
            String plan;
            try (Connection c = PostgresServer.connect();
                 PreparedStatement ps = SqlRunner.prepare(c, "EXPLAIN " + query, params);
                 ResultSet rs = ps.executeQuery()) {
                StringBuilder text = new StringBuilder();
                while (rs.next()) {
                    text.append(rs.getString(1)).append('\n');
                }
                plan = text.toString();
            }
            // an index scan, or a bitmap scan for a small estimate; never a sequential scan
            assertTrue(plan.contains("Index Scan using " + table + "_pkey")
                    || plan.contains("Bitmap Index Scan on " + table + "_pkey"), plan);
            assertTrue(plan.matches("(?s).*Index Cond: \\(+scope .*"), "the scope is an index condition: " + plan);
            assertFalse(plan.contains("Seq Scan"), plan);
        }
        assertEquals(20000 / 500, list(store, ScopeQuery.nested("tenant42")).size());
    }

    @Test
    @DisplayName("versions keep growing after the cleanup purged a deleted state's tombstone")
    void versionsAcrossPurge() throws SQLException {
        Store store = open(table, Map.of("tombstoneRetention", "0s"));
        State<Integer> s = store.createState(0, StateOptions.key("k").scope("purge"));
        for (int i = 0; i < 50; i++) {
            s.set(i);
        }
        long before = s.version();
        s.delete();
        PostgresBackend backend = (PostgresBackend) store.unwrap(StateBackend.class);
        assertTrue(backend.cleanupNow() >= 1);
        try (Connection c = PostgresServer.connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM public.\"" + table + "\"")) {
            rs.next();
            assertEquals(0, rs.getLong(1), "the tombstone is gone");
        }
        State<Integer> again = store.createState(1, StateOptions.key("k").scope("purge"));
        assertTrue(again.version() > before + 1, "re-created at " + again.version() + " after " + before);
        assertFalse(again.setIfVersion(before, 5));
    }

    @Test
    @DisplayName("the cleanup purges expired rows in batches; live states stay")
    void cleanupExpired() {
        Store store = open(table, Map.of("cleanupBatch", "10"));
        for (int i = 0; i < 25; i++) {
            store.createState(i, StateOptions.key("e" + i).scope("exp").ttl(Duration.ofSeconds(5)));
        }
        store.createState(7, StateOptions.key("live").scope("exp"));
        clock.advance(Duration.ofSeconds(6));
        PostgresBackend backend = (PostgresBackend) store.unwrap(StateBackend.class);
        assertEquals(10, backend.cleanupNow());
        assertEquals(10, backend.cleanupNow());
        assertEquals(5, backend.cleanupNow());
        assertEquals(0, backend.cleanupNow());
        assertEquals(7, store.createState(0, StateOptions.key("live").scope("exp")).get());
    }

    @Test
    @DisplayName("the cleanup runs in one instance at a time: another holding the lock makes it skip")
    void cleanupOneAtATime() throws SQLException {
        Store store = open(table, Map.of("tombstoneRetention", "0s"));
        store.createState(0, StateOptions.key("gone").scope("one")).delete();
        PostgresBackend backend = (PostgresBackend) store.unwrap(StateBackend.class);
        try (Connection c = PostgresServer.connect()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_xact_lock(hashtext(?))")) {
                ps.setString(1, "scoped-store:public." + table + ":cleanup");
                ps.executeQuery().close();
            }
            assertEquals(0, backend.cleanupNow(), "skipped while another instance cleans");
            c.rollback();
        }
        assertEquals(1, backend.cleanupNow());
    }

    @Test
    @DisplayName("a row whose jsonb does not fit the type is StateTypeMismatchException; listing the rest works")
    void corruptRow() throws SQLException {
        Store store = open();
        store.createState(1, StateOptions.key("good").scope("c"));
        store.createState(2, StateOptions.key("bad").scope("c"));
        try (Connection c = PostgresServer.connect(); Statement s = c.createStatement()) {
            s.execute("UPDATE public.\"" + table + "\" SET value = '{\"not\": \"a number\"}' WHERE key = 'bad'");
        }
        StateTypeMismatchException e = assertThrows(StateTypeMismatchException.class,
                () -> store.createState(0, StateOptions.key("bad").scope("c")).get());
        assertTrue(e.getMessage().contains("bad"), e.getMessage());
        assertEquals(1, store.createState(0, StateOptions.key("good").scope("c")).get());
        assertEquals(2, list(store, ScopeQuery.scope("c")).size());
    }

    /** @return a pool of two connections to the test server, as an application would make it */
    private static HikariDataSource applicationPool() {
        PostgresConfig config = PostgresConfig.parse(PostgresServer.url(), Map.of());
        HikariDataSource ds = new HikariDataSource();
        ds.setJdbcUrl(config.jdbcUrl());
        ds.setUsername(config.user());
        ds.setMaximumPoolSize(2);
        return ds;
    }

    @Test
    @DisplayName("a store on the application's own DataSource works and leaves the pool open")
    void ownDataSource() {
        try (HikariDataSource ds = applicationPool()) {
            try (Store store = Store.builder().backend(new PostgresBackend(ds, Map.of("table", table), clock))
                    .clock(clock).build()) {
                State<Long> votes = store.createState(0L, StateOptions.key("v").scope("ds").atomic(Atomic.SUM));
                votes.accumulate(5L);
                assertEquals(5L, votes.get());
            }
            assertFalse(ds.isClosed(), "the application's pool stays open");
            try (Store again = Store.builder().backend(new PostgresBackend(ds, Map.of("table", table), clock))
                    .clock(clock).build()) {
                assertEquals(5L, again.createState(0L, StateOptions.key("v").scope("ds")).get());
            }
        }
    }

    @Test
    @DisplayName("a deletion reaches another instance's feed although the cleanup ran before it polled;"
            + " tombstoneRetention is how long the deleted row stays")
    void deletionOutlivesTheCleanup() throws Exception {
        Store writer = open(table, Map.of("cleanupInterval", "50ms"));
        Store watcher = open(table, Map.of("pollInterval", "1500ms"));
        List<StateChange<JsonNode>> seen = new CopyOnWriteArrayList<>();
        State<Integer> a = writer.createState(1, StateOptions.key("a").scope("gone"));
        Subscription sub = watcher.subscribe(ScopeQuery.scope("gone"), seen::add);
        try {
            a.set(2);
            long seenSet = System.nanoTime() + 10_000_000_000L;
            while (seen.isEmpty() && System.nanoTime() < seenSet) {
                Thread.sleep(50);
            }
            assertEquals(1, seen.size(), "the watcher's feed runs: " + seen);
            a.delete();
            Thread.sleep(1200);   // the writer's cleanup (every second at most) has run meanwhile
            assertEquals(1, tombstones("gone", "a"), "the deleted row is kept for the retention");
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (seen.stream().noneMatch(StateChange::deleted) && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertTrue(seen.stream().anyMatch(c -> c.deleted() && c.id().key().equals("a")),
                    "the watcher saw the deletion: " + seen);
        } finally {
            sub.close();
        }
        // an instance with a short retention purges what is older than that
        Store brief = open(table, Map.of("cleanupInterval", "50ms", "tombstoneRetention", "200ms"));
        State<Integer> b = brief.createState(1, StateOptions.key("b").scope("gone"));
        b.delete();
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (tombstones("gone", "b") > 0 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertEquals(0, tombstones("gone", "b"), "purged once older than a 200 ms retention");
    }

    /** @return how many rows of {@code scope}/{@code key} the table holds, deleted ones included */
    private int tombstones(String scope, String key) throws SQLException {
        try (Connection c = PostgresServer.connect();
             PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM " + table + " WHERE scope = ? AND key = ?")) {
            ps.setString(1, scope);
            ps.setString(2, key);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    @Test
    @DisplayName("a DataSource whose connections start with autocommit off: every write is committed all the same")
    void dataSourceWithoutAutocommit() {
        try (HikariDataSource ds = applicationPool()) {
            ds.setAutoCommit(false);
            try (Store store = Store.builder().backend(new PostgresBackend(ds, Map.of("table", table), clock))
                    .clock(clock).build()) {
                store.createState("", StateOptions.key("plain").scope("noauto")).set("kept");
                store.createState(0L, StateOptions.key("n").scope("noauto").atomic(Atomic.SUM)).accumulate(3L);
            }
        }
        Store fresh = open();
        assertEquals("kept", fresh.createState("", StateOptions.key("plain").scope("noauto")).get());
        assertEquals(3L, fresh.createState(0L, StateOptions.key("n").scope("noauto")).get());
    }

    @Test
    @DisplayName("native equations are exact on numbers, arrays and objects, and refuse overflow")
    void nativeExact() {
        Store store = open();
        State<JsonNode> tally = store.createState(JsonNode.class, node("{\"yes\": 1, \"no\": 0.5}"),
                StateOptions.key("tally").scope("eq").atomic(Atomic.SUM));
        JsonNode sum = tally.accumulate(node("{\"yes\": 2, \"no\": 0.25}"));
        assertEquals(3, sum.get("yes").longValue());
        assertTrue(sum.get("yes").isIntegralNumber());
        assertEquals("0.75", sum.get("no").decimalValue().toPlainString());
        State<JsonNode> arr = store.createState(JsonNode.class, node("[1, 2.5]"),
                StateOptions.key("arr").scope("eq").atomic(Atomic.PRODUCT));
        JsonNode product = arr.accumulate(node("[3, 0.1]"));
        assertEquals(3, product.get(0).longValue());
        assertEquals("0.25", product.get(1).decimalValue().toPlainString());
        State<Long> max = store.createState(Long.MAX_VALUE, StateOptions.key("big").scope("eq").atomic(Atomic.SUM));
        assertThrows(ArithmeticException.class, () -> max.accumulate(1L));
        assertEquals(Long.MAX_VALUE, max.get());
        State<JsonNode> union = store.createState(JsonNode.class, node("[1, \"a\"]"),
                StateOptions.key("u").scope("eq").atomic(Atomic.UNION));
        JsonNode merged = union.accumulate(node("[1.0, 2, 2, \"a\"]"));
        assertEquals("[1,\"a\",2]", merged.toString());
    }

    private static JsonNode node(String json) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(json);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static List<StateEntry> list(Store store, ScopeQuery query) {
        try (Stream<StateEntry> s = store.states(query)) {
            return s.collect(Collectors.toList());
        }
    }
}
