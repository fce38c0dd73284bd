package dev.scopedstore.postgres;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.IntNode;
import dev.scopedstore.Scope;
import dev.scopedstore.StateId;
import dev.scopedstore.Store;
import dev.scopedstore.spi.StateMeta;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Versions never repeat across delete and re-create (docs/design.md, "Versions that never repeat"), also when a state is
 * re-created while the cleanup purges its tombstone: a write that drew its version from the
 * sequence before the cleanup raised it must not land after the purge.
 */
class PostgresVersionRaceTest {
    private static final StateMeta META = new StateMeta(Set.of(), 0);
    private static final int ROUNDS = 150;
    private static final int WRITES_BEFORE_DELETE = 20;

    private String table;
    private Store store;

    @BeforeEach
    void open() {
        byte[] b = new byte[6];
        ThreadLocalRandom.current().nextBytes(b);
        table = "pgrace_" + HexFormat.of().formatHex(b);
        store = Store.builder().url(PostgresServer.url()).property("table", table)
                .property("notifications", "false").property("tombstoneRetention", "0s").build();
    }

    @AfterEach
    void drop() {
        if (store != null) {
            store.close();
            PostgresServer.drop(table);
        }
    }

    @Test
    @DisplayName("re-creating a state while the cleanup purges its tombstone never reuses a version")
    void recreateRacesCleanup() throws Exception {
        PostgresBackend backend = store.unwrap(PostgresBackend.class);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<String> reused = new ArrayList<>();
        int purged = 0;
        try {
            for (int round = 0; round < ROUNDS; round++) {
                StateId id = new StateId(Scope.parse("race"), "k" + round);
                // every upsert draws from the sequence, so it ends at the row's version: a
                // re-create that drew before the cleanup's raise would get the tombstone's
                for (int i = 0; i < WRITES_BEFORE_DELETE; i++) {
                    backend.put(id, IntNode.valueOf(i), META);
                }
                long tombstone = backend.get(id).orElseThrow().version() + 1;
                backend.delete(id);
                CountDownLatch start = new CountDownLatch(1);
                long spinNanos = ThreadLocalRandom.current().nextLong(2_000_000);
                Future<Integer> cleanup = pool.submit(() -> {
                    start.await();
                    return backend.cleanupNow();
                });
                Future<Long> recreate = pool.submit(() -> {
                    start.await();
                    long until = System.nanoTime() + spinNanos;
                    while (System.nanoTime() < until) {
                        Thread.onSpinWait();
                    }
                    return backend.put(id, IntNode.valueOf(-1), META).version();
                });
                start.countDown();
                purged += cleanup.get();
                long version = recreate.get();
                if (version <= tombstone) {
                    reused.add(id.key() + ": re-created at " + version + " after tombstone " + tombstone);
                }
            }
        } finally {
            pool.shutdownNow();
        }
        assertTrue(reused.isEmpty(), reused.size() + " of " + ROUNDS + " re-creates reused versions: " + reused);
        assertTrue(purged > 0, "the cleanup purged no tombstone, so nothing raced");
    }
}
