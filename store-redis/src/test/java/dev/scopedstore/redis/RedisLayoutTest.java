package dev.scopedstore.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scopedstore.Atomic;
import dev.scopedstore.BackendUnavailableException;
import dev.scopedstore.CorruptStateException;
import dev.scopedstore.Scope;
import dev.scopedstore.ScopeQuery;
import dev.scopedstore.State;
import dev.scopedstore.StateEntry;
import dev.scopedstore.StateId;
import dev.scopedstore.StateOptions;
import dev.scopedstore.Store;
import dev.scopedstore.StoreException;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.SlotHash;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The key layout: hash tags that hold, names that never collide, construction, secrets. */
@DisplayName("The Redis key layout")
class RedisLayoutTest {
    private static final String NAMESPACE = "layout_" + Long.toHexString(System.nanoTime());
    private static final List<String> NASTY = List.of("a{b", "a}b", "{x}", "a:b", "s*", "q?", "r[1]",
            "with space", "ünïcødé", "日本", "emoji😀", "%41", "a%7Bb");

    private static String url;

    @BeforeAll
    static void server() {
        url = RedisTestServers.standalone();
    }

    @AfterAll
    static void drop() {
        if (url != null) {
            RedisTestServers.dropNamespace(url, NAMESPACE);
        }
    }

    @Test
    @DisplayName("scopes and keys with { } : * ? [ spaces and Unicode stay distinct and listable")
    void nastyNames() {
        try (Store store = Store.builder().url(url).property("keyPrefix", NAMESPACE).build()) {
            Set<StateId> written = new HashSet<>();
            int n = 0;
            for (String segment : NASTY) {
                for (String key : NASTY) {
                    StateOptions options = StateOptions.key(key).scope("nasty." + segment);
                    written.add(store.createState(n++, options).id());
                }
            }
            store.createState(-1, StateOptions.key("k").scope("nasty").labels("nasty-label"));
            assertEquals(NASTY.size() * NASTY.size(), written.size());
            List<StateEntry> listed;
            try (Stream<StateEntry> states = store.states(ScopeQuery.nested("nasty"))) {
                listed = states.collect(Collectors.toList());
            }
            assertEquals(written.size() + 1, listed.size(), "every state listed once");
            Set<Integer> values = listed.stream().map(e -> e.value().intValue()).collect(Collectors.toSet());
            assertEquals(written.size() + 1, values.size(), "no two names met in one state");
            assertEquals(NASTY.size() + 1, store.scopes(ScopeQuery.nested("nasty")).count());
            for (String segment : NASTY) {
                assertEquals(NASTY.size(), store.dropScope(ScopeQuery.scope("nasty." + segment)));
            }
            assertEquals(1, store.purgeLabels("nasty-label"));
        }
    }

    @Test
    @DisplayName("every key of a scope has the scope's hash slot; the encoding cannot end the tag")
    void oneSlotPerScope() {
        RedisKeys keys = new RedisKeys(NAMESPACE);
        for (String segment : NASTY) {
            Scope scope = Scope.parse("nasty." + segment);
            String tag = keys.tag(scope);
            assertEquals(1, tag.chars().filter(c -> c == '{').count(), tag);
            assertEquals(1, tag.chars().filter(c -> c == '}').count(), tag);
            int slot = SlotHash.getSlot(tag);
            for (String key : NASTY) {
                assertEquals(slot, SlotHash.getSlot(keys.state(tag, key)), key);
                assertEquals(slot, SlotHash.getSlot(keys.marker(tag, "w1")));
                assertEquals(slot, SlotHash.getSlot(keys.floor(tag)));
            }
            assertEquals(slot, SlotHash.getSlot(keys.index(tag)));
            assertEquals(slot, SlotHash.getSlot(keys.versions(tag)));
            assertEquals(scope.canonical(), RedisKeys.decode(RedisKeys.encode(scope.canonical())));
        }
        List<String> tags = new ArrayList<>();
        NASTY.forEach(s -> tags.add(keys.tag(Scope.parse(s))));
        assertEquals(tags.size(), new HashSet<>(tags).size(), "distinct scopes, distinct tags");
    }

    @Test
    @DisplayName("a version never repeats, also after the version marks have expired with the states")
    void versionsOutliveTheirMarks() {
        RedisKeys keys = new RedisKeys(NAMESPACE);
        String tag = keys.tag(Scope.parse("marks"));
        RedisClient client = RedisClient.create(url);
        try (Store store = Store.builder().url(url).property("keyPrefix", NAMESPACE).build();
             var c = client.connect()) {
            StateOptions options = StateOptions.key("k").scope("marks").ttl(Duration.ofMinutes(10));
            var state = store.createState(0, options);
            for (int i = 1; i <= 5; i++) {
                state.set(i);
            }
            long last = state.version();
            assertTrue(c.sync().pttl(keys.versions(tag)) > 0, "the marks expire with the scope's states");
            assertEquals(-1, c.sync().pttl(keys.floor(tag)), "the floor never expires");

            state.delete();
            // what Redis does an hour after the scope's last state expired: marks and index go
            c.sync().del(keys.versions(tag), keys.index(tag));
            var again = store.createState(0, options);
            assertTrue(again.version() > last + 1, "re-created at " + again.version() + ", deleted at "
                    + (last + 1));
            assertFalse(again.setIfVersion(last, 9), "a version from before the delete is refused");

            long before = again.version();
            // as if the state expired and its marks went with it
            c.sync().del(keys.state(tag, "k"), keys.versions(tag), keys.index(tag));
            assertTrue(store.createState(0, options).version() > before, "no repeat after an expiry");
        } finally {
            client.shutdown();
        }
    }

    @Test
    @DisplayName("a write's marker lasts six times the operation timeout, then goes")
    void markerLife() {
        RedisKeys keys = new RedisKeys(NAMESPACE);
        String tag = keys.tag(Scope.parse("markers"));
        RedisClient client = RedisClient.create(url);
        try (Store store = Store.builder().url(url).property("keyPrefix", NAMESPACE)
                .operationTimeout(Duration.ofSeconds(3)).build();
             var c = client.connect()) {
            var state = store.createState(0L, StateOptions.key("k").scope("markers").atomic(Atomic.SUM));
            store.createState(0L, StateOptions.key("k").scope("markers").atomic(Atomic.SUM));   // exists: no marker
            state.set(1L);
            state.accumulate(2L);
            List<String> markers = c.sync().keys(keys.marker(tag, "*"));
            assertEquals(3, markers.size(), "one marker per write, the creation included: " + markers);
            for (String marker : markers) {
                long pttl = c.sync().pttl(marker);
                assertTrue(pttl > 17_000 && pttl <= 18_000, marker + " lasts " + pttl + " ms, not 18 s");
            }
        } finally {
            client.shutdown();
        }
        assertEquals(Duration.ofSeconds(60), RedisWrites.markerLife(Duration.ofSeconds(10)), "the default");
        assertEquals(Duration.ofSeconds(10), RedisWrites.markerLife(Duration.ofMillis(200)), "the least");
    }

    @Test
    @DisplayName("a write over a string without a readable header is CorruptStateException and writes nothing; delete and purgeLabels remove it")
    void writeOverUnreadableHeader() {
        RedisClient client = RedisClient.create(url);
        try (Store store = Store.builder().url(url).property("keyPrefix", NAMESPACE).build();
             var raw = client.connect()) {
            StateOptions headless = StateOptions.key("headless").scope("heads").ttl(Duration.ofMinutes(5));
            StateOptions garbled = StateOptions.key("garbled").scope("heads").atomic(Atomic.SUM);
            State<Integer> fine = store.createState(1, StateOptions.key("fine").scope("heads").ttl(Duration.ofMinutes(5)));
            fine.set(2);
            State<Integer> noHeader = store.createState(0, headless);
            State<Long> badHeader = store.createState(0L, garbled);
            State<Integer> labelled = store.createState(0, StateOptions.key("labelled").scope("heads")
                    .labels("broken-heads"));
            noHeader.set(1);
            badHeader.set(1L);
            labelled.set(1);
            ScopeKeys scope = new RedisKeys(NAMESPACE).of(Scope.parse("heads"));
            raw.sync().set(scope.state("headless"), "1");
            raw.sync().set(scope.state("garbled"), "x y z []\n5");
            raw.sync().set(scope.state("labelled"), "no header");

            List<Runnable> writes = List.of(() -> noHeader.set(2), () -> noHeader.setIfVersion(2, 3),
                    noHeader::touch, () -> badHeader.accumulate(1L), () -> badHeader.set(9L));
            for (Runnable write : writes) {
                CorruptStateException e = assertThrows(CorruptStateException.class, write::run);
                assertTrue(e.getMessage().contains("readable header"), e.getMessage());
            }
            assertEquals("1", raw.sync().get(scope.state("headless")), "nothing written");
            assertEquals("x y z []\n5", raw.sync().get(scope.state("garbled")), "nothing written");
            assertEquals(1, store.touch("heads"), "touching the scope touches the readable state only");
            assertEquals(List.of("fine"), store.states(ScopeQuery.scope("heads")).map(e -> e.id().key()).toList(),
                    "the listing leaves out what cannot be read");
            assertEquals(List.of("heads"), store.scopes(ScopeQuery.nested("heads")).map(Scope::toString).toList());

            long before = fine.version();
            noHeader.delete();
            badHeader.delete();
            assertEquals(0, noHeader.get(), "deleted: the default again");
            noHeader.set(5);
            assertEquals(5, noHeader.get());
            assertEquals(3L, badHeader.accumulate(3L), "an equation starts again from the default");
            assertEquals(1, store.purgeLabels("broken-heads"), "created with the label, purged by it");
            assertEquals(0, raw.sync().exists(scope.state("labelled")), "gone");
            assertEquals(before, fine.version(), "the readable state was left alone");
            assertEquals(2, fine.get());
        } finally {
            client.shutdown();
        }
    }

    @Test
    @DisplayName("a backend on the application's client closes its connections, never the client")
    void applicationClient() {
        RedisClient client = RedisClient.create();
        try {
            RedisBackend backend = RedisBackend.standalone(client, RedisURI.create(url), NAMESPACE,
                    Clock.systemUTC(), Duration.ofSeconds(2));
            try (Store store = Store.builder().backend(backend).build()) {
                store.createState("x", StateOptions.key("k").scope("app")).set("y");
            }
            backend.close();
            try (var c = client.connect(RedisURI.create(url))) {
                assertEquals("PONG", c.sync().ping(), "the client still works");
            }
        } finally {
            client.shutdown();
        }
    }

    @Test
    @DisplayName("a password never appears in an error")
    void passwordHidden() {
        StoreException e = assertThrows(StoreException.class, () -> Store.builder()
                .url("redis://user:s3cr3t-pw@127.0.0.1:1/0").property("connectTimeout", "300ms")
                .operationTimeout(Duration.ofMillis(500)).build());
        assertTrue(e instanceof BackendUnavailableException, e.toString());
        for (Throwable t = e; t != null; t = t.getCause()) {
            assertFalse(String.valueOf(t.getMessage()).contains("s3cr3t-pw"), t.toString());
        }
    }

    @Test
    @DisplayName("Unicode values and labels read back as written, by get and by getAll")
    void unicode() {
        try (Store store = Store.builder().url(url).property("keyPrefix", NAMESPACE).build()) {
            StateOptions options = StateOptions.key("greeting").scope("bytes").labels("état", "日本");
            State<String> s = store.createState("", options);
            s.set("héllo wörld ✓ 日本語 😀");
            assertEquals("héllo wörld ✓ 日本語 😀", s.get());
            assertEquals(2, s.version());
            assertEquals(List.of("héllo wörld ✓ 日本語 😀"), store.getAll(List.of(s)));
            assertEquals(Set.of("état", "日本"),
                    store.createState("", options).labels(), "labels survive the round trip");
        }
    }

    @Test
    @DisplayName("a value that is not JSON or UTF-8, or a state without its header: CorruptStateException for it only")
    void notJson() {
        RedisClient client = RedisClient.create(url);
        try (Store store = Store.builder().url(url).property("keyPrefix", NAMESPACE).build();
             var raw = client.connect(io.lettuce.core.codec.ByteArrayCodec.INSTANCE)) {
            State<Integer> broken = store.createState(1, StateOptions.key("broken").scope("bytes"));
            State<Integer> invalid = store.createState(1, StateOptions.key("invalid").scope("bytes"));
            State<Integer> fine = store.createState(7, StateOptions.key("fine").scope("bytes"));
            State<Integer> headless = store.createState(1, StateOptions.key("headless").scope("bytes"));
            ScopeKeys scope = new RedisKeys(NAMESPACE).of(Scope.parse("bytes"));
            raw.sync().set(scope.state("broken").getBytes(), "1 0  []\n{not json".getBytes());
            raw.sync().set(scope.state("invalid").getBytes(),
                    new byte[] {'1', ' ', '0', ' ', ' ', '[', ']', '\n', '"', (byte) 0xC3, (byte) 0x28, '"'});
            raw.sync().set(scope.state("headless").getBytes(), "1".getBytes());
            CorruptStateException e = assertThrows(CorruptStateException.class, broken::get);
            assertEquals(broken.id(), e.stateId());
            assertTrue(e.getMessage().contains("broken"), e.getMessage());
            assertEquals(invalid.id(), assertThrows(CorruptStateException.class, invalid::get).stateId());
            CorruptStateException noHeader = assertThrows(CorruptStateException.class, headless::get);
            assertTrue(noHeader.getMessage().contains("headless"), noHeader.getMessage());
            assertEquals(7, fine.get(), "other states stay readable");
            assertEquals(List.of(1, 7), List.of(store.createState(1, StateOptions.key("other").scope("bytes")).get(),
                    store.getAll(List.of(fine)).get(0)), "creating and bulk-reading others still work");
        } finally {
            client.shutdown();
        }
    }
}
