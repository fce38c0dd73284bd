package dev.scopedstore.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.scopedstore.Atomic;
import dev.scopedstore.Scope;
import dev.scopedstore.ScopeQuery;
import dev.scopedstore.State;
import dev.scopedstore.StateOptions;
import dev.scopedstore.Store;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** A manual failover of the master that holds the state, in the middle of a workload. */
@DisplayName("The Redis backend on a cluster that fails over")
class RedisClusterFaultTest {
    private static final String NAMESPACE = "failover_" + Long.toHexString(System.nanoTime());
    private static String url;

    @BeforeAll
    static void server() {
        url = RedisTestServers.cluster();
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
        try (Store store = Store.builder().url(url).property("keyPrefix", NAMESPACE)
                .operationTimeout(Duration.ofSeconds(10)).build()) {
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
}
