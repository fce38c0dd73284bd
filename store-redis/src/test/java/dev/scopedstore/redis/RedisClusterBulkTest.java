package dev.scopedstore.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.scopedstore.Scope;
import dev.scopedstore.ScopeQuery;
import dev.scopedstore.State;
import dev.scopedstore.StateOptions;
import dev.scopedstore.Store;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.models.partitions.Partitions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Bulk reads and writes hand all their commands to the cluster connection as one batch; each
 * command must still reach the master of its own slot.
 */
@DisplayName("The Redis backend's bulk operations on Redis Cluster")
class RedisClusterBulkTest {
    private static final String NAMESPACE = "bulk_" + Long.toHexString(System.nanoTime());
    private static final int SCOPES = 30;
    private static String url;

    @BeforeAll
    static void server() {
        url = RedisTestServers.cluster();
    }

    @AfterAll
    static void drop() {
        if (url != null) {
            RedisTestServers.dropNamespace(url, NAMESPACE);
        }
    }

    @Test
    @DisplayName("setAll and getAll over states on every master: each written once, each read back")
    void acrossMasters() {
        try (Store store = Store.builder().url(url).property("keyPrefix", NAMESPACE).build()) {
            Map<State<Integer>, Integer> values = new LinkedHashMap<>();
            for (int i = 0; i < SCOPES; i++) {
                values.put(store.createState(-1, StateOptions.key("k").scope("bulk.s" + i)), i);
                values.put(store.createState(-1, StateOptions.key("j").scope("bulk.s" + i)), 1000 + i);
            }
            assertEquals(3, mastersOf(values.keySet()), "the states span every master");
            List<State<Integer>> handles = new ArrayList<>(values.keySet());
            List<Long> before = handles.stream().map(State::version).toList();

            store.setAll(values);

            assertEquals(List.copyOf(values.values()), store.getAll(handles));
            for (int i = 0; i < handles.size(); i++) {
                assertEquals(before.get(i) + 1, handles.get(i).version(), "written once: " + handles.get(i).id());
            }
        }
    }

    @Test
    @DisplayName("purgeLabels and dropScope over states on every master: exactly the labelled states go, then the rest")
    void purgeAndDropAcrossMasters() {
        try (Store store = Store.builder().url(url).property("keyPrefix", NAMESPACE).build()) {
            Map<State<Integer>, Integer> labelled = new LinkedHashMap<>();
            List<State<Integer>> kept = new ArrayList<>();
            for (int i = 0; i < SCOPES; i++) {
                State<Integer> a = store.createState(0, StateOptions.key("a").scope("purge.s" + i).labels("doomed"));
                State<Integer> b = store.createState(0, StateOptions.key("b").scope("purge.s" + i).labels("doomed"));
                a.set(1);
                b.set(2);
                labelled.put(a, 1);
                labelled.put(b, 2);
                State<Integer> c = store.createState(0, StateOptions.key("c").scope("purge.s" + i));
                c.set(3);
                kept.add(c);
            }
            assertEquals(3, mastersOf(labelled.keySet()), "the states span every master");

            assertEquals(2L * SCOPES, store.purgeLabels("doomed"), "each labelled state deleted once");
            for (State<Integer> gone : labelled.keySet()) {
                assertEquals(0, gone.get(), "deleted: " + gone.id());
            }
            for (State<Integer> left : kept) {
                assertEquals(3, left.get(), "unlabelled, kept: " + left.id());
            }
            assertEquals(0L, store.purgeLabels("doomed"), "nothing left under the label");
            assertEquals((long) SCOPES, store.dropScope(ScopeQuery.nested("purge")), "the rest, once each");
        }
    }

    /** @return how many masters own the slots of the states' scopes */
    private static int mastersOf(Set<State<Integer>> states) {
        RedisClusterClient client = RedisClusterClient.create(RedisTestServers.seeds(url));
        try {
            client.refreshPartitions();
            Partitions partitions = client.getPartitions();
            RedisKeys keys = new RedisKeys(NAMESPACE);
            Set<String> masters = new HashSet<>();
            for (State<Integer> state : states) {
                Scope scope = state.id().scope();
                masters.add(partitions.getMasterBySlot(SlotHash.getSlot(keys.of(scope).state("k"))).getNodeId());
            }
            return masters.size();
        } finally {
            client.shutdown();
        }
    }
}
