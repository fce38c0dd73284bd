package dev.scopedstore.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scopedstore.Atomic;
import dev.scopedstore.ScopeQuery;
import dev.scopedstore.State;
import dev.scopedstore.StateEntry;
import dev.scopedstore.StateOptions;
import dev.scopedstore.Store;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A server that has forgotten the scripts (restarted, failed over to a node that never saw
 * them, or {@code SCRIPT FLUSH}ed) answers EVALSHA with NOSCRIPT: every kind of write sends
 * the script again and is applied exactly once.
 */
@DisplayName("The Redis backend after the server forgot its scripts")
class RedisScriptCacheTest {
    private static final String NAMESPACE = "scripts_" + Long.toHexString(System.nanoTime());
    private static String url;
    private static Store store;
    private static RedisClient client;
    private static StatefulRedisConnection<String, String> admin;

    @BeforeAll
    static void open() {
        url = RedisTestServers.standalone();
        store = Store.builder().url(url).property("keyPrefix", NAMESPACE).build();
        client = RedisClient.create(url);
        admin = client.connect();
    }

    @AfterAll
    static void close() {
        if (store != null) {
            store.dropScope(ScopeQuery.nested("cache"));
            store.close();
            admin.close();
            client.shutdown();
            RedisTestServers.dropNamespace(url, NAMESPACE);
        }
    }

    /** Empties the server's script cache and checks that it is empty. */
    private static void forgetScripts() {
        admin.sync().scriptFlush();
        assertFalse(admin.sync().scriptExists(RedisScripts.PUT.sha).get(0), "the cache was flushed");
    }

    @Test
    @DisplayName("setAll sends every script again: each state written once, with the next version")
    void setAllAfterFlush() {
        Map<State<Integer>, Integer> values = new LinkedHashMap<>();
        for (int i = 0; i < 50; i++) {
            values.put(store.createState(0, StateOptions.key("k" + i).scope("cache.bulk")), i);
        }
        List<State<Integer>> handles = List.copyOf(values.keySet());
        List<Long> before = handles.stream().map(State::version).toList();

        forgetScripts();
        store.setAll(values);

        for (int i = 0; i < handles.size(); i++) {
            assertEquals(i, handles.get(i).get());
            assertEquals(before.get(i) + 1, handles.get(i).version(), "written once: " + handles.get(i).id());
        }
        assertTrue(admin.sync().scriptExists(RedisScripts.PUT.sha).get(0), "EVAL cached the script again");
    }

    @Test
    @DisplayName("set, setIfVersion, accumulate and delete each send their script again")
    void singleWritesAfterFlush() {
        State<Integer> plain = store.createState(1, StateOptions.key("plain").scope("cache.one"));
        forgetScripts();
        plain.set(2);
        assertEquals(2, plain.get());

        long version = plain.version();
        forgetScripts();
        assertTrue(plain.setIfVersion(version, 3));
        assertEquals(version + 1, plain.version());

        State<Long> votes = store.createState(10L, StateOptions.key("votes").scope("cache.one").atomic(Atomic.SUM));
        forgetScripts();
        assertEquals(11L, votes.accumulate(1L));
        assertEquals(11L, votes.get());

        forgetScripts();
        plain.delete();
        try (Stream<StateEntry> left = store.states(ScopeQuery.scope("cache.one"))) {
            assertEquals(List.of("votes"), left.map(e -> e.id().key()).toList(), "plain was deleted");
        }
    }

    @Test
    @DisplayName("touching and dropping a scope send their batched scripts again: every state touched, then deleted")
    void scopeWritesAfterFlush() {
        for (int i = 0; i < 20; i++) {
            store.createState(0, StateOptions.key("k" + i).scope("cache.scope")
                    .ttl(java.time.Duration.ofMinutes(5))).set(i);
        }
        forgetScripts();
        assertEquals(20, store.touch("cache.scope"), "each state touched once");
        assertTrue(admin.sync().scriptExists(RedisScripts.TOUCH.sha).get(0), "EVAL cached the script again");

        forgetScripts();
        assertEquals(20, store.dropScope(ScopeQuery.scope("cache.scope")), "each state deleted once");
        try (Stream<StateEntry> left = store.states(ScopeQuery.scope("cache.scope"))) {
            assertEquals(0, left.count(), "nothing left");
        }
    }
}
