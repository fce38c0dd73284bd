package dev.scopedstore.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static dev.scopedstore.redis.Eventually.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scopedstore.Atomic;
import dev.scopedstore.BackendUnavailableException;
import dev.scopedstore.Scope;
import dev.scopedstore.ScopeQuery;
import dev.scopedstore.State;
import dev.scopedstore.StateChange;
import dev.scopedstore.StateOptions;
import dev.scopedstore.Store;
import dev.scopedstore.Subscription;
import com.fasterxml.jackson.databind.JsonNode;
import io.lettuce.core.KillArgs;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Faults on a redis-server the test owns: dropped connections and a restart. */
@DisplayName("The Redis backend under faults")
class RedisFaultTest {
    private static final int THREADS = 4;
    private static final int PER_THREAD = 250;
    private static OwnedRedisServer server;

    @BeforeAll
    static void start() throws Exception {
        server = OwnedRedisServer.start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    private static Store open(Duration timeout) {
        return Store.builder().url(server.url()).property("keyPrefix", "fault")
                .operationTimeout(timeout).build();
    }

    @Test
    @DisplayName("CLIENT KILL in the middle of an equation burst: the total is exact")
    void clientKillDuringBurst() throws Exception {
        try (Store store = open(Duration.ofSeconds(10))) {
            StateOptions options = StateOptions.key("votes").scope("burst").atomic(Atomic.SUM);
            store.createState(0L, options);
            long kills = burstWhileKilling(thread -> {
                State<Long> votes = store.createState(0L, options);
                for (int i = 0; i < PER_THREAD; i++) {
                    votes.set(votes.get() + 1);
                }
            });
            assertEquals((long) THREADS * PER_THREAD, store.createState(0L, options).get(),
                    "every vote counted once after " + kills + " killed connections");
            store.dropScope(ScopeQuery.nested("burst"));
        }
    }

    @Test
    @DisplayName("CLIENT KILL in the middle of a burst of plain sets: one version per acknowledged set")
    void clientKillDuringPlainSets() throws Exception {
        try (Store store = open(Duration.ofSeconds(10))) {
            StateOptions options = StateOptions.key("last").scope("plain");
            long first = store.createState("", options).version();
            AtomicLong acknowledged = new AtomicLong();
            long kills = burstWhileKilling(thread -> {
                State<String> last = store.createState("", options);
                for (int i = 0; i < PER_THREAD; i++) {
                    last.set(thread + "-" + i);
                    acknowledged.incrementAndGet();
                }
            });
            State<String> last = store.createState("", options);
            assertEquals(first + acknowledged.get(), last.version(),
                    "each of " + acknowledged.get() + " sets raised the version once, after " + kills
                            + " killed connections");
            assertTrue(last.get().endsWith("-" + (PER_THREAD - 1)), "a thread's last set won: " + last.get());
            store.dropScope(ScopeQuery.nested("plain"));
        }
    }

    @Test
    @DisplayName("CLIENT KILL in the middle of a burst of setAll and getAll: every batch completes, each"
            + " state's version raised once per batch")
    void clientKillDuringBatches() throws Exception {
        int states = 10;
        int batches = PER_THREAD / states;
        try (Store store = open(Duration.ofSeconds(10))) {
            long kills = burstWhileKilling(thread -> {
                List<State<Integer>> mine = new ArrayList<>();
                for (int i = 0; i < states; i++) {
                    mine.add(store.createState(0, StateOptions.key("k" + i).scope("batches.t" + thread)));
                }
                long first = mine.get(0).version();
                for (int b = 1; b <= batches; b++) {
                    Map<State<Integer>, Integer> values = new LinkedHashMap<>();
                    for (State<Integer> s : mine) {
                        values.put(s, b);
                    }
                    store.setAll(values);
                    assertEquals(Collections.nCopies(states, b), store.getAll(mine), "thread " + thread);
                }
                for (State<Integer> s : mine) {
                    assertEquals(first + batches, s.version(), "thread " + thread + ": one version per batch");
                }
            });
            assertTrue(kills > 0);
            store.dropScope(ScopeQuery.nested("batches"));
        }
    }

    @Test
    @DisplayName("a reply lost after the script ran: each write is applied once, and the state it created is"
            + " registered (listed, purged by its label)")
    void lostReply() throws Exception {
        try (ReplyDroppingProxy proxy = new ReplyDroppingProxy(server.port());
             Store store = Store.builder().url(proxy.url()).property("keyPrefix", "fault")
                     .operationTimeout(Duration.ofSeconds(10)).build();
             Store direct = open(Duration.ofSeconds(10))) {
            StateOptions plain = StateOptions.key("a").scope("lost.created").labels("lost");
            // load the scripts (a first EVALSHA gets NOSCRIPT) and let the set-up replies arrive,
            // so each lost reply below is the script's own
            State<Long> warm = store.createState(0L, StateOptions.key("w").scope("lost.warm").atomic(Atomic.SUM));
            warm.set(1L);
            warm.accumulate(1L);
            warm.delete();
            store.ping();
            proxy.dropNextReply();
            State<Integer> a = store.createState(7, plain);          // getOrCreate creates; its reply is lost
            assertEquals(1, proxy.dropped());
            assertEquals(List.of("lost.created"),
                    direct.scopes(ScopeQuery.nested("lost")).map(Scope::toString).toList());
            long created = a.version();

            proxy.dropNextReply();
            a.set(8);                                                // put; its reply is lost
            assertEquals(2, proxy.dropped());
            assertEquals(created + 1, a.version(), "the set was applied once");

            assertEquals(1, direct.purgeLabels("lost"));
            proxy.dropNextReply();
            a.set(9);                                                // put creates it again; its reply is lost
            assertEquals(3, proxy.dropped());
            assertEquals(9, direct.createState(0, plain).get());
            assertEquals(1, direct.purgeLabels("lost"), "the state the lost set created was in its label's set");

            StateOptions counter = StateOptions.key("n").scope("lost.counted").labels("lost").atomic(Atomic.SUM);
            State<Long> n = store.createState(0L, counter);
            assertEquals(1, direct.purgeLabels("lost"));
            proxy.dropNextReply();
            assertEquals(5L, n.accumulate(5L));                      // creates it; its reply is lost
            assertEquals(4, proxy.dropped());
            assertEquals(5L, direct.createState(0L, counter).get(), "the accumulate was applied once");
            assertEquals(1, direct.purgeLabels("lost"), "the state the lost accumulate created was in its label's set");
            direct.dropScope(ScopeQuery.nested("lost"));
        }
    }

    /**
     * Runs {@code body} on {@link #THREADS} threads while another kills every normal client of
     * the server every 30 ms.
     *
     * @return how many connections were killed, at least one
     */
    private static long burstWhileKilling(ThreadBody body) throws Exception {
        RedisClient admin = RedisClient.create(server.url());
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong kills = new AtomicLong();
        try (StatefulRedisConnection<String, String> killer = admin.connect()) {
            Thread killing = new Thread(() -> {
                while (running.get()) {
                    kills.addAndGet(killer.sync().clientKill(KillArgs.Builder.typeNormal().skipme()));
                    try {
                        Thread.sleep(30);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            killing.start();
            try {
                List<Future<?>> done = new ArrayList<>();
                for (int t = 0; t < THREADS; t++) {
                    int thread = t;
                    done.add(pool.submit(() -> {
                        body.run(thread);
                        return null;
                    }));
                }
                for (Future<?> f : done) {
                    f.get(2, TimeUnit.MINUTES);
                }
            } finally {
                running.set(false);
                killing.join();
            }
        } finally {
            pool.shutdownNow();
            admin.shutdown();
        }
        assertTrue(kills.get() > 0, "connections were killed during the burst");
        return kills.get();
    }

    private interface ThreadBody {
        void run(int thread) throws Exception;
    }

    @Test
    @DisplayName("Redis restarted mid-workload: unavailable while down, recovers, subscriptions come back")
    void restart() throws Exception {
        Duration timeout = Duration.ofMillis(800);
        try (Store store = open(timeout); Store other = open(Duration.ofSeconds(2))) {
            StateOptions options = StateOptions.key("k").scope("restart.a");
            State<Integer> s = store.createState(1, options);
            List<StateChange<JsonNode>> seen = new CopyOnWriteArrayList<>();
            Subscription sub = store.subscribe(ScopeQuery.nested("restart"), seen::add);
            try {
                s.set(2);
                await(Duration.ofSeconds(15), () -> seen.stream().anyMatch(c -> hasValue(c, 2)));

                server.stop();
                long started = System.nanoTime();
                assertThrows(BackendUnavailableException.class, () -> s.set(3));
                assertThrows(BackendUnavailableException.class, s::get);
                assertThrows(BackendUnavailableException.class, () -> store.getAll(List.of(s)));
                long tookMillis = (System.nanoTime() - started) / 1_000_000;
                assertTrue(tookMillis < 2 * timeout.toMillis() + 2000, "failed fast: " + tookMillis + " ms");

                server.startAgain();
                await(Duration.ofSeconds(15), () -> {
                    try {
                        store.ping();
                        other.ping();
                        return true;
                    } catch (BackendUnavailableException e) {
                        return false;
                    }
                });
                State<Integer> fromOther = other.createState(0, options);
                fromOther.set(40);
                await(Duration.ofSeconds(15), () -> seen.stream().anyMatch(c -> hasValue(c, 40)));
                s.set(41);
                assertEquals(41, other.createState(0, options).get());
                assertEquals(List.of(41), store.getAll(List.of(s)));
            } finally {
                sub.close();
            }
        }
    }

    @Test
    @DisplayName("subscriber cut off while states are written, deleted and expire: it ends with the latest of each,"
            + " deletions included, an expiry sends nothing, and a state that cannot be read is passed over")
    void subscriberCutOff() throws Exception {
        RedisClient admin = RedisClient.create(server.url());
        try (Store writer = open(Duration.ofSeconds(2)); Store watcher = open(Duration.ofSeconds(2));
             StatefulRedisConnection<String, String> control = admin.connect()) {
            Map<String, StateChange<JsonNode>> latest = new ConcurrentHashMap<>();
            Subscription sub = watcher.subscribe(ScopeQuery.nested("cut"),
                    change -> latest.put(change.id().key(), change));
            try {
                State<Integer> a = writer.createState(0, StateOptions.key("a").scope("cut.x"));
                State<Integer> b = writer.createState(0, StateOptions.key("b").scope("cut.x"));
                State<Integer> c = writer.createState(0, StateOptions.key("c").scope("cut.x"));
                State<Integer> d = writer.createState(0, StateOptions.key("d").scope("cut.y.z"));
                State<Integer> f = writer.createState(0, StateOptions.key("f").scope("cut.x")
                        .ttl(Duration.ofMillis(1500)));
                State<Integer> g = writer.createState(0, StateOptions.key("g").scope("cut.x"));
                for (State<Integer> s : List.of(a, b, c, d, f, g)) {
                    s.set(1);
                }
                long written = System.nanoTime();
                await(Duration.ofSeconds(15), () ->
                        Stream.of("a", "b", "c", "d", "f", "g").allMatch(k -> hasValue(latest.get(k), 1)));
                // g's string loses its header: the re-read must pass over it
                control.sync().set(new RedisKeys("fault").of(Scope.parse("cut.x")).state("g"), "no header");

                // the watcher's pub/sub connection drops and cannot come back while the password is set
                control.sync().configSet("requirepass", "cut-off-pw");
                try {
                    assertTrue(control.sync().clientKill(KillArgs.Builder.typePubsub()) > 0);
                    a.set(2);
                    b.delete();
                    d.set(9);
                    writer.createState(0, StateOptions.key("e").scope("cut.x.new")).set(3);
                    c.delete();
                    writer.createState(0, StateOptions.key("c").scope("cut.x")).set(7);
                    while (System.nanoTime() - written < 1_700_000_000L) {
                        Thread.sleep(50);   // until f has expired
                    }
                    Thread.sleep(300);
                    assertEquals(1, latest.get("a").value().asInt(), "nothing arrived while cut off");
                } finally {
                    control.sync().configSet("requirepass", "");
                }
                await(Duration.ofSeconds(15), () -> hasValue(latest.get("a"), 2) && hasValue(latest.get("d"), 9)
                        && hasValue(latest.get("e"), 3) && hasValue(latest.get("c"), 7)
                        && latest.get("b").deleted());
                Thread.sleep(300);   // the re-read announces b's deletion and forgets f in one pass
                assertTrue(hasValue(latest.get("f"), 1), "f expired while cut off: no event, got " + latest.get("f"));
                assertTrue(hasValue(latest.get("g"), 1), "g cannot be read: no event, got " + latest.get("g"));
            } finally {
                sub.close();
            }
            writer.dropScope(ScopeQuery.nested("cut"));
        } finally {
            admin.shutdown();
        }
    }

    /** @return whether the change is a write of {@code value} */
    static boolean hasValue(StateChange<JsonNode> change, int value) {
        return change != null && !change.deleted() && change.value().asInt() == value;
    }
}
