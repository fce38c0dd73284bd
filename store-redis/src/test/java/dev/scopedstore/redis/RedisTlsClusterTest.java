package dev.scopedstore.redis;

import static dev.scopedstore.redis.Eventually.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scopedstore.BackendUnavailableException;
import dev.scopedstore.ScopeQuery;
import dev.scopedstore.State;
import dev.scopedstore.StateChange;
import dev.scopedstore.StateOptions;
import dev.scopedstore.Store;
import dev.scopedstore.Subscription;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * {@code redis-cluster://…?tls=true} against a three-master cluster that speaks only TLS: the
 * store finds every node through the seeds over TLS, trusting the CA through
 * {@code tlsCaCertFile}, and is refused without it.
 */
@DisplayName("The Redis backend on a TLS cluster")
class RedisTlsClusterTest {
    private static TlsRedisCluster cluster;
    private static String ca;

    @BeforeAll
    static void start() throws Exception {
        cluster = TlsRedisCluster.start();
        ca = TlsRedisServer.caCert().toString();
    }

    @AfterAll
    static void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static Store open(String... options) {
        return TlsRedisServer.store(cluster.url(), "tlscluster", options);
    }

    @Test
    @DisplayName("states on every master: set, setAll, getAll, and another store's subscription")
    void everyMaster() throws Exception {
        int count = 12;
        try (Store writer = open("tlsCaCertFile", ca); Store watcher = open("tlsCaCertFile", ca)) {
            Map<String, StateChange<JsonNode>> seen = new ConcurrentHashMap<>();
            Subscription sub = watcher.subscribe(ScopeQuery.nested("tls"), c -> seen.put(c.id().scope().toString(), c));
            try {
                List<State<Integer>> states = new ArrayList<>();
                Map<State<Integer>, Integer> values = new LinkedHashMap<>();
                for (int i = 0; i < count; i++) {
                    String scope = "tls.s" + i;
                    State<Integer> s = writer.createState(0, StateOptions.key("k").scope(scope));
                    states.add(s);
                    values.put(s, 10 + i);
                }
                states.get(0).set(1);
                writer.setAll(values);
                List<Long> keys = cluster.keysPerMaster();
                assertTrue(keys.stream().allMatch(n -> n > 0), "the states lie on every master: " + keys);
                List<State<Integer>> fresh = new ArrayList<>();
                for (int i = 0; i < count; i++) {
                    fresh.add(watcher.createState(0, StateOptions.key("k").scope("tls.s" + i)));
                }
                List<Integer> read = watcher.getAll(fresh);
                for (int i = 0; i < count; i++) {
                    assertEquals(10 + i, read.get(i), "tls.s" + i);
                }
                await(Duration.ofSeconds(15), () -> seen.size() == count && seen.entrySet().stream().allMatch(e ->
                        RedisFaultTest.hasValue(e.getValue(), 10 + Integer.parseInt(e.getKey().substring("tls.s".length())))));
            } finally {
                sub.close();
            }
            writer.dropScope(ScopeQuery.nested("tls"));
        }
    }

    @Test
    @DisplayName("without the CA, the nodes' certificates are refused: unavailable, saying why")
    void untrusted() {
        BackendUnavailableException e = assertThrows(BackendUnavailableException.class, () -> open().close());
        assertTrue(e.getMessage().contains("certification path") || e.getMessage().contains("PKIX"), e.getMessage());
    }
}
