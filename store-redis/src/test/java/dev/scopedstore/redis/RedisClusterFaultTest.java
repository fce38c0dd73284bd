package dev.scopedstore.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static dev.scopedstore.redis.Eventually.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scopedstore.Atomic;
import dev.scopedstore.BackendUnavailableException;
import dev.scopedstore.Scope;
import dev.scopedstore.ScopeQuery;
import dev.scopedstore.State;
import dev.scopedstore.StateChange;
import dev.scopedstore.StateOptions;
import dev.scopedstore.Store;
import dev.scopedstore.Subscription;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The shared test cluster under faults: a manual failover and a killed master in the middle of
 * a workload, and the loss of the node that carries a subscription. A killed node is started
 * again and the cluster healthy (three masters, every node ok) before a test returns.
 */
@DisplayName("The Redis backend on a cluster that fails over")
class RedisClusterFaultTest {
    private static final String NAMESPACE = "failover_" + Long.toHexString(System.nanoTime());
    private static String url;

    @BeforeAll
    static void server() {
        url = RedisTestServers.cluster();
    }

    private static Store open(Duration timeout) {
        return Store.builder().url(url).property("keyPrefix", NAMESPACE).operationTimeout(timeout).build();
    }

    @Test
    @DisplayName("CLUSTER FAILOVER during an equation burst: the store follows, the total is exact")
    void failover() throws Exception {
        int threads = 4;
        int perThread = 150;
        StateOptions options = StateOptions.key("votes").scope("failover").atomic(Atomic.SUM);
        int slot = SlotHash.getSlot(new RedisKeys(NAMESPACE).tag(Scope.parse("failover")));
        RedisClusterClient admin = RedisClusterClient.create(RedisTestServers.seeds(url));
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try (Store store = open(Duration.ofSeconds(10))) {
            store.createState(0L, options);
            RedisClusterNode master = admin.getPartitions().getPartitionBySlot(slot);
            RedisClusterNode replica = admin.getPartitions().stream()
                    .filter(n -> master.getNodeId().equals(n.getSlaveOf())).findFirst().orElseThrow();
            AtomicInteger progress = new AtomicInteger();
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                done.add(pool.submit(() -> {
                    State<Long> votes = store.createState(0L, options);
                    for (int i = 0; i < perThread; i++) {
                        votes.accumulate(1L);
                        progress.incrementAndGet();
                    }
                    return null;
                }));
            }
            while (progress.get() < threads * perThread / 4) {
                Thread.sleep(5);
            }
            RedisClient direct = RedisClient.create(replica.getUri());
            try (StatefulRedisConnection<String, String> c = direct.connect()) {
                c.sync().clusterFailover(false);
            } finally {
                direct.shutdown();
            }
            for (Future<?> f : done) {
                f.get(2, TimeUnit.MINUTES);
            }
            assertEquals((long) threads * perThread, store.createState(0L, options).get());
            admin.refreshPartitions();
            assertNotEquals(master.getNodeId(), admin.getPartitions().getPartitionBySlot(slot).getNodeId(),
                    "the replica took over the slot");
            store.dropScope(ScopeQuery.nested("failover"));
        } finally {
            pool.shutdownNow();
            admin.shutdown();
            RedisTestServers.dropNamespace(url, NAMESPACE);
        }
    }

    @Test
    @DisplayName("a master killed (SIGKILL) during sets and equations: success or unavailable only,"
            + " nothing acknowledged lost")
    void masterKilled() throws Exception {
        int threads = 4;
        int perThread = 300;
        Scope scope = Scope.parse("killed");
        int slot = SlotHash.getSlot(new RedisKeys(NAMESPACE).tag(scope));
        RedisClusterClient admin = RedisClusterClient.create(RedisTestServers.seeds(url));
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        KilledClusterNode killed = null;
        try (Store store = open(Duration.ofSeconds(10))) {
            StateOptions votesOptions = StateOptions.key("votes").scope("killed").atomic(Atomic.SUM);
            store.createState(0L, votesOptions);
            RedisClusterNode master = admin.getPartitions().getPartitionBySlot(slot);
            AtomicLong acknowledged = new AtomicLong();
            AtomicLong unavailable = new AtomicLong();
            AtomicLong afterKill = new AtomicLong();
            AtomicInteger progress = new AtomicInteger();
            AtomicBoolean masterDown = new AtomicBoolean();
            long[][] lastSet = new long[threads][2];   // per thread: last acknowledged set, last attempted
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    State<Long> votes = store.createState(0L, votesOptions);
                    State<Long> mine = store.createState(0L, StateOptions.key("t" + thread).scope("killed"));
                    for (int i = 1; i <= perThread; i++) {
                        try {
                            votes.accumulate(1L);
                            acknowledged.incrementAndGet();
                            if (masterDown.get()) {
                                afterKill.incrementAndGet();
                            }
                        } catch (BackendUnavailableException e) {
                            unavailable.incrementAndGet();
                        }
                        lastSet[thread][1] = i;
                        try {
                            mine.set((long) i);
                            lastSet[thread][0] = i;
                        } catch (BackendUnavailableException e) {
                            unavailable.incrementAndGet();
                        }
                        progress.incrementAndGet();
                    }
                    return null;
                }));
            }
            while (progress.get() < threads * perThread / 4) {
                Thread.sleep(5);
            }
            killed = KilledClusterNode.kill(master.getUri());
            masterDown.set(true);
            for (Future<?> f : done) {
                f.get(3, TimeUnit.MINUTES);   // any exception but unavailable fails here
            }
            long total = store.createState(0L, votesOptions).get();
            assertTrue(total >= acknowledged.get() && total <= acknowledged.get() + unavailable.get(),
                    total + " votes counted for " + acknowledged.get() + " acknowledged and "
                            + unavailable.get() + " unavailable");
            if (unavailable.get() == 0) {
                assertEquals(acknowledged.get(), total, "every acknowledged vote counted once");
            }
            for (int t = 0; t < threads; t++) {
                long value = store.createState(0L, StateOptions.key("t" + t).scope("killed")).get();
                assertTrue(value == lastSet[t][0] || value == lastSet[t][1],
                        "thread " + t + ": " + value + ", acknowledged " + lastSet[t][0]);
            }
            assertTrue(afterKill.get() > 0, "writes succeeded after the kill, without a restart");
            admin.refreshPartitions();
            assertNotEquals(master.getNodeId(), admin.getPartitions().getPartitionBySlot(slot).getNodeId(),
                    "a replica took over the slot");
            store.dropScope(ScopeQuery.nested("killed"));
        } finally {
            pool.shutdownNow();
            admin.shutdown();
            if (killed != null) {
                killed.restart();
            }
            RedisTestServers.dropNamespace(url, NAMESPACE);
        }
    }

    @Test
    @DisplayName("a master killed just before setAll and getAll over every master: both ride through the"
            + " failover, each state written once")
    void batchesRideThroughAKilledMaster() throws Exception {
        int count = 24;
        RedisClusterClient admin = RedisClusterClient.create(RedisTestServers.seeds(url));
        ExecutorService pool = Executors.newSingleThreadExecutor();
        KilledClusterNode killed = null;
        try (Store store = open(Duration.ofSeconds(15));
             Store reader = open(Duration.ofSeconds(15))) {
            List<State<Integer>> states = new ArrayList<>();
            Map<String, Integer> mastersUsed = new HashMap<>();
            for (int i = 0; i < count; i++) {
                Scope scope = Scope.parse("batch.s" + i);
                states.add(store.createState(0, StateOptions.key("k").scope("batch.s" + i)));
                int slot = SlotHash.getSlot(new RedisKeys(NAMESPACE).tag(scope));
                mastersUsed.merge(admin.getPartitions().getPartitionBySlot(slot).getNodeId(), 1, Integer::sum);
            }
            assertEquals(3, mastersUsed.size(), "the states lie on every master: " + mastersUsed);
            long[] before = new long[count];
            for (int i = 0; i < count; i++) {
                before[i] = states.get(i).version();
            }
            List<State<Integer>> fresh = new ArrayList<>();
            Map<State<Integer>, Integer> values = new LinkedHashMap<>();
            for (int i = 0; i < count; i++) {
                fresh.add(reader.createState(0, StateOptions.key("k").scope("batch.s" + i)));
                values.put(states.get(i), 100 + i);
            }
            int victimSlot = SlotHash.getSlot(new RedisKeys(NAMESPACE).tag(Scope.parse("batch.s0")));
            killed = KilledClusterNode.kill(admin.getPartitions().getPartitionBySlot(victimSlot).getUri());

            Future<List<Integer>> during = pool.submit(() -> reader.getAll(fresh));
            store.setAll(values);   // the part on the dead master is sent again once its replica took over
            List<Integer> duringFailover = during.get(1, TimeUnit.MINUTES);
            for (int i = 0; i < count; i++) {
                int value = duringFailover.get(i);
                assertTrue(value == 0 || value == 100 + i, "batch.s" + i + " read " + value + " during the failover");
            }
            List<Integer> read = reader.getAll(fresh);
            for (int i = 0; i < count; i++) {
                assertEquals(100 + i, read.get(i), "batch.s" + i);
                assertEquals(before[i] + 1, fresh.get(i).version(), "batch.s" + i + " was written exactly once");
            }
            store.dropScope(ScopeQuery.nested("batch"));
        } finally {
            pool.shutdownNow();
            admin.shutdown();
            if (killed != null) {
                killed.restart();
            }
            RedisTestServers.dropNamespace(url, NAMESPACE);
        }
    }

    @Test
    @DisplayName("the node carrying a subscription killed: it moves to another node and catches up, deletions too")
    void subscriptionNodeKilled() throws Exception {
        RedisClusterClient admin = RedisClusterClient.create(RedisTestServers.seeds(url));
        KilledClusterNode killed = null;
        try (Store writer = open(Duration.ofSeconds(10));
             Store watcher = open(Duration.ofSeconds(10))) {
            Map<String, StateChange<JsonNode>> latest = new ConcurrentHashMap<>();
            Subscription sub = watcher.subscribe(ScopeQuery.nested("watched"),
                    change -> latest.put(change.id().scope() + "/" + change.id().key(), change));
            try {
                List<State<Integer>> states = new ArrayList<>();
                for (int i = 0; i < 6; i++) {
                    State<Integer> s = writer.createState(0, StateOptions.key("k").scope("watched.s" + i));
                    s.set(1);
                    states.add(s);
                }
                await(Duration.ofSeconds(60), () ->
                        latest.size() == 6 && latest.values().stream().allMatch(c -> RedisFaultTest.hasValue(c, 1)));

                String channel = new RedisKeys(NAMESPACE).channel(Scope.parse("watched"));
                RedisClusterNode carrier = admin.getPartitions().stream()
                        .filter(n -> subscribedOn(n, channel)).findFirst().orElseThrow();
                killed = KilledClusterNode.kill(carrier.getUri());
                for (int i = 0; i < 6; i++) {
                    State<Integer> s = states.get(i);
                    int value = 10 + i;
                    // a state on the killed master is unavailable until its replica takes over
                    whileUnavailable(Duration.ofSeconds(60), i % 2 == 0 ? s::delete : () -> s.set(value));
                }
                await(Duration.ofSeconds(60), () -> {
                    for (int i = 0; i < 6; i++) {
                        StateChange<JsonNode> c = latest.get("watched.s" + i + "/k");
                        if (i % 2 == 0 ? !c.deleted() : !RedisFaultTest.hasValue(c, 10 + i)) {
                            return false;
                        }
                    }
                    return true;
                });
                assertTrue(admin.getPartitions().stream().anyMatch(n -> !n.getNodeId().equals(carrier.getNodeId())
                        && subscribedOn(n, channel)), "the subscription lives on another node now");
            } finally {
                sub.close();
            }
            writer.dropScope(ScopeQuery.nested("watched"));
        } finally {
            admin.shutdown();
            if (killed != null) {
                killed.restart();
            }
            RedisTestServers.dropNamespace(url, NAMESPACE);
        }
    }

    private static boolean subscribedOn(RedisClusterNode node, String channel) {
        RedisClient direct = RedisClient.create(node.getUri());
        try (StatefulRedisConnection<String, String> c = direct.connect()) {
            return c.sync().pubsubChannels(channel).contains(channel);
        } catch (RuntimeException e) {
            return false;
        } finally {
            direct.shutdown();
        }
    }

    /** Runs {@code write} until it no longer fails with {@link BackendUnavailableException}. */
    private static void whileUnavailable(Duration within, Runnable write) {
        long deadline = System.nanoTime() + within.toNanos();
        while (true) {
            try {
                write.run();
                return;
            } catch (BackendUnavailableException e) {
                if (System.nanoTime() - deadline > 0) {
                    throw e;
                }
            }
        }
    }
}
