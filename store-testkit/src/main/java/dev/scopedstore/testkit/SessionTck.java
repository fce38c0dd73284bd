package dev.scopedstore.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scopedstore.ScopeQuery;
import dev.scopedstore.State;
import dev.scopedstore.StateEntry;
import dev.scopedstore.StateOptions;
import dev.scopedstore.Store;
import dev.scopedstore.session.ClientSession;
import dev.scopedstore.session.ClientSessions;
import dev.scopedstore.session.ResumeRefusedException;
import dev.scopedstore.session.SessionEnd;
import dev.scopedstore.session.SessionListener;
import dev.scopedstore.spi.Capability;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Client sessions: issued, resumed, kept alive and ended on the backend, across instances, with
 * each ended client's scopes dropped once and nothing else touched.
 */
abstract class SessionTck extends KitGroup {
    private static final Duration GRACE = Duration.ofSeconds(60);
    private static final int SESSIONS = 1_000;

    SessionTck(StoreConformanceKit kit) {
        super(kit);
    }

    /** Sessions on {@code store} with the kit's registry, swept only when the test says so. */
    private ClientSessions sessions(Store store, SessionListener... listeners) {
        ClientSessions.Builder builder = ClientSessions.builder(store).gracePeriod(GRACE)
                .sweepInterval(Duration.ZERO).registryScope(scope() + ".sessions");
        for (SessionListener listener : listeners) {
            builder.listener(listener);
        }
        return builder.build();
    }

    /** A second instance on the same backend where the backend is shared, else the same store. */
    private Store secondInstance() {
        return capabilities().has(Capability.CHANGE_FEED_ACROSS_INSTANCES)
                ? openStoreIn(namespace()) : store();
    }

    /** The three places a client scope stands in: at the end, in the middle, nested below. */
    private static StateOptions clientState(int shape, String scope) {
        return switch (shape % 3) {
            case 0 -> StateOptions.key("draft").scope(scope + ".$client");
            case 1 -> StateOptions.key("board").scope(scope + ".game.$client.board");
            default -> StateOptions.key("cursor").scope(scope + ".$client.a.b");
        };
    }

    private List<StateEntry> statesUnder(Store store) {
        try (Stream<StateEntry> states = store.states(ScopeQuery.nested(scope()))) {
            return states.filter(e -> !e.id().scope().canonical().startsWith(scope() + ".sessions"))
                    .toList();
        }
    }

    @Test
    @DisplayName("1,000 sessions: the closed and the timed-out lose their client scopes, the rest and the global states keep theirs")
    void thousandSessions() {
        assumeTrue(nativeOperations(), "sessions use no atomic operation: the kit's run with the"
                + " backend's native operations covers them");
        Map<SessionEnd, AtomicInteger> ends = new ConcurrentHashMap<>();
        AtomicInteger started = new AtomicInteger();
        SessionListener counting = new SessionListener() {
            @Override
            public void started(ClientSession session) {
                started.incrementAndGet();
            }

            @Override
            public void ended(String clientId, SessionEnd reason) {
                ends.computeIfAbsent(reason, r -> new AtomicInteger()).incrementAndGet();
            }
        };
        State<Integer> global = store().createState(7, key("global"));
        try (ClientSessions sessions = sessions(store(), counting)) {
            ClientSession[] all = new ClientSession[SESSIONS];
            int threads = threads();
            Concurrently.run(threads, concurrencyTimeout(), t -> {
                for (int i = t; i < SESSIONS; i += threads) {
                    all[i] = sessions.connect();
                    all[i].store().createState(i, clientState(i, scope())).set(i + 1);
                }
            });
            assertEquals(SESSIONS, started.get(), "started events");
            assertEquals(SESSIONS, sessions.liveCount());
            assertEquals(SESSIONS + 1, statesUnder(store()).size(), "one state per client and the global one");

            // a quarter closes, a quarter goes silent, half keeps heartbeating
            Concurrently.run(threads, concurrencyTimeout(), t -> {
                for (int i = t; i < SESSIONS; i += threads) {
                    if (i % 4 == 0) {
                        all[i].close();
                    }
                }
            });
            clock().advance(GRACE.minusSeconds(20));
            Concurrently.run(threads, concurrencyTimeout(), t -> {
                for (int i = t; i < SESSIONS; i += threads) {
                    if (i % 2 == 1) {
                        assertTrue(all[i].heartbeat(), "a live session's heartbeat");
                    }
                }
            });
            clock().advance(Duration.ofSeconds(30));
            assertEquals(SESSIONS / 4, sessions.sweep(), "the silent quarter timed out");
            assertEquals(0, sessions.sweep(), "a second sweep finds nothing");

            Set<String> keepers = new HashSet<>();
            for (int i = 1; i < SESSIONS; i += 2) {
                keepers.add(all[i].id());
            }
            try (Stream<String> live = sessions.liveIds()) {
                assertEquals(keepers, live.collect(Collectors.toSet()), "exactly the heartbeating half is live");
            }
            assertEquals(SESSIONS / 4, ends.get(SessionEnd.CLOSED).get(), "closed events");
            assertEquals(SESSIONS / 4, ends.get(SessionEnd.TIMED_OUT).get(), "timed-out events");

            Set<String> remaining = new HashSet<>();
            for (StateEntry entry : statesUnder(store())) {
                remaining.add(entry.id().scope().canonical() + "/" + entry.id().key());
            }
            Set<String> expected = new HashSet<>();
            expected.add(scope() + "/global");
            for (int i = 1; i < SESSIONS; i += 2) {
                State<Integer> kept = all[i].store().createState(-1, clientState(i, scope()));
                assertEquals(i + 1, kept.get(), "a live client's state");
                expected.add(kept.scope().canonical() + "/" + kept.key());
            }
            assertEquals(expected, remaining, "what is left: the live clients' states and the global one");
            assertEquals(7, global.get());
            for (int i = 0; i < SESSIONS; i += 2) {
                assertFalse(all[i].isOpen(), "an ended session is closed here");
                ClientSession ended = all[i];
                assertThrows(IllegalStateException.class, ended::store);
                assertThrows(ResumeRefusedException.class, () -> sessions.resume(ended.resumeToken()));
            }
            for (int i = 1; i < SESSIONS; i += 2) {
                all[i].close();
            }
            assertEquals(0, sessions.liveCount());
        }
    }

    @Test
    @DisplayName("a session left by a crashed instance is resumed on another within its grace period, then cleaned up by it")
    void acrossInstances() {
        Store b = store();
        Store a = secondInstance();
        ClientSession resumed;
        ClientSession abandoned;
        String client;
        try (ClientSessions onA = sessions(a)) {
            ClientSession tab = onA.connect();
            tab.login("u-" + randomHex());
            tab.store().createState("", StateOptions.key("draft").scope(scope() + ".chat.$client")).set("hello");
            tab.store().createState(0, StateOptions.key("prefs").scope(scope() + ".$user")).set(3);
            client = tab.id();
            resumed = tab;
            abandoned = onA.connect();
            abandoned.store().createState(1, clientState(1, scope()));
        }
        if (a != b) {
            a.close();   // the instance is gone, its sessions were never closed
        }
        String token = resumed.resumeToken();
        List<SessionEnd> ends = Collections.synchronizedList(new ArrayList<>());
        try (ClientSessions onB = sessions(b, new SessionListener() {
            @Override
            public void ended(String clientId, SessionEnd reason) {
                ends.add(reason);
            }
        })) {
            clock().advance(GRACE.minusSeconds(10));
            ClientSession again = onB.resume(token);
            clock().advance(Duration.ofSeconds(20));
            assertEquals(client, again.id(), "the same client");
            assertEquals(resumed.userId(), again.userId(), "the same user");
            assertEquals("hello", again.store().createState("", StateOptions.key("draft")
                    .scope(scope() + ".chat.$client")).get(), "its draft");
            assertEquals(1, onB.sweep(), "the session nobody resumed timed out");
            assertEquals(Set.of(client), Set.copyOf(onB.liveIds().toList()));

            clock().advance(GRACE.plusSeconds(1));
            assertEquals(1, onB.sweep(), "the resumed one, left silent, times out too");
            assertEquals(List.of(SessionEnd.TIMED_OUT, SessionEnd.TIMED_OUT), ends);
            assertEquals(1, statesUnder(b).size(), "only the user's state is left: " + statesUnder(b));
            assertTrue(statesUnder(b).get(0).id().scope().canonical().contains("$user~"));
            assertThrows(ResumeRefusedException.class, () -> onB.resume(token));
            assertThrows(ResumeRefusedException.class, () -> onB.resume(abandoned.resumeToken()));
        }
    }

    @Test
    @DisplayName("two instances sweeping at once end each timed-out session once")
    void sweepsClaimOnce() {
        AtomicInteger endedEvents = new AtomicInteger();
        SessionListener counting = new SessionListener() {
            @Override
            public void ended(String clientId, SessionEnd reason) {
                endedEvents.incrementAndGet();
            }
        };
        int count = 100;
        try (ClientSessions one = sessions(store(), counting);
             ClientSessions two = sessions(secondInstance(), counting)) {
            for (int i = 0; i < count; i++) {
                one.connect().store().createState(i, clientState(i, scope()));
            }
            clock().advance(GRACE.plusSeconds(1));
            AtomicInteger ended = new AtomicInteger();
            Concurrently.run(2, concurrencyTimeout(), t -> ended.addAndGet((t == 0 ? one : two).sweep()));
            assertEquals(count, ended.get(), "sessions ended by the two sweeps together");
            assertEquals(count, endedEvents.get(), "one ended event per session");
            assertEquals(List.of(), statesUnder(store()));
        }
    }

    @Test
    @DisplayName("refuses forged, altered, expired and foreign tokens, and creates nothing")
    void forgedTokens() {
        try (ClientSessions sessions = sessions(store());
             ClientSessions otherKey = ClientSessions.builder(store()).sweepInterval(Duration.ZERO)
                     .gracePeriod(GRACE).registryScope(scope() + ".sessions")
                     .signingKey("another application's key of 32+ bytes".getBytes(StandardCharsets.UTF_8))
                     .build()) {
            ClientSession mine = sessions.connect();
            ClientSession theirs = sessions.connect();
            String token = mine.resumeToken();
            int registryStates = registryStates();
            List<String> forged = new ArrayList<>();
            for (int i = 0; i < token.length(); i++) {
                if (token.charAt(i) != '.') {
                    char c = token.charAt(i);
                    forged.add(token.substring(0, i) + (char) (c ^ 1) + token.substring(i + 1));
                }
            }
            String[] parts = token.split("\\.");
            forged.add(parts[0] + "." + theirs.id() + "." + parts[2] + "." + parts[3]);
            forged.add(otherKey.connect().resumeToken());
            forged.add("");
            forged.add("v1");
            forged.add("v1.a.b.c");
            forged.add(token + ".");
            forged.add(token + token);
            forged.add("v1..." + "x".repeat(43));
            registryStates = registryStates();
            long live = sessions.liveCount();
            for (String bad : forged) {
                ResumeRefusedException e = assertThrows(ResumeRefusedException.class,
                        () -> sessions.resume(bad), "a forged token");
                assertFalse(e.getMessage().contains(mine.id()) || e.getMessage().contains(theirs.id()),
                        "the message names no client: " + e.getMessage());
                if (bad.length() > 3) {
                    assertFalse(e.getMessage().contains(bad), "the message repeats no token");
                }
            }
            assertEquals(live, sessions.liveCount(), "no session created");
            assertEquals(registryStates, registryStates(), "nothing written");

            clock().advance(GRACE.plusSeconds(1));
            ResumeRefusedException expired = assertThrows(ResumeRefusedException.class,
                    () -> sessions.resume(token));
            assertTrue(expired.getMessage().contains("ended"), expired.getMessage());
            int first = sessions.sweep();
            int second = otherKey.sweep();
            assertEquals(3, first + second, first + " + " + second);
        }
        assertThrows(IllegalArgumentException.class,
                () -> ClientSessions.builder(store()).signingKey(new byte[31]));
    }

    @Test
    @DisplayName("a session's client id is 128 random bits, URL-safe, never shown by toString")
    void issuedIds() {
        try (ClientSessions sessions = sessions(store())) {
            Set<String> ids = new HashSet<>();
            for (int i = 0; i < 100; i++) {
                ClientSession s = sessions.connect();
                assertTrue(s.id().matches("[A-Za-z0-9_-]{22}"), "URL-safe base64 of 16 bytes");
                assertTrue(ids.add(s.id()), "no repeat");
                assertFalse(s.toString().contains(s.id()) || s.toString().contains(s.resumeToken()),
                        s.toString());
                assertFalse(s.store().toString().contains(s.id()), s.store().toString());
                assertEquals(s.id(), s.store().context().clientId().orElseThrow());
                s.close();
            }
        }
    }

    @Test
    @DisplayName("closing a session stops its subscriptions and drops its states; a heartbeat after an end says so")
    void closeEndsSubscriptions() throws Exception {
        try (ClientSessions sessions = sessions(store())) {
            ClientSession session = sessions.connect();
            State<Integer> draft = session.store().createState(0, clientState(0, scope()));
            Recorder<JsonNode> heard = Recorder.recording();
            session.store().subscribe(ScopeQuery.nested(scope()), heard);
            draft.set(1);
            Awaiting.until(notificationTimeout(), () -> heard.changes().size() == 1, () -> "the first change");
            session.close();
            assertFalse(session.heartbeat());
            store().createState(0, key("other")).set(5);
            assertEquals(List.of(scope() + "/other"), statesUnder(store()).stream()
                    .map(e -> e.id().scope().canonical() + "/" + e.id().key()).toList(),
                    "the client's state is gone, the global one is there");
            Thread.sleep(200);
            assertEquals(1, heard.changes().size(), "nothing delivered after the session ended");

            ClientSession silent = sessions.connect();
            clock().advance(GRACE.plusSeconds(1));
            assertFalse(silent.heartbeat(), "a heartbeat after the grace period");
            assertFalse(silent.isOpen());
            assertEquals(1, sessions.sweep());
        }
    }

    private int registryStates() {
        try (Stream<StateEntry> states = store().states(ScopeQuery.nested(scope() + ".sessions"))) {
            return (int) states.count();
        }
    }
}
