package dev.scopedstore.redis;

import static dev.scopedstore.redis.Eventually.await;

import dev.scopedstore.ScopeQuery;
import dev.scopedstore.StateOptions;
import dev.scopedstore.Store;
import dev.scopedstore.Subscription;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** What a long-lived subscription keeps in memory. */
@DisplayName("The Redis change feed")
class RedisChangeFeedTest {
    private static final String NAMESPACE = "feed_" + Long.toHexString(System.nanoTime());

    @Test
    @DisplayName("forgets states that expired (expiry sends no event): what it keeps stays near the live states")
    void forgetsExpiredStates() throws Exception {
        String url = RedisTestServers.standalone();
        int expiring = 1100;
        // more than twice the states known at the first sweep, whenever it ran: a second one is due
        int lasting = 2 * expiring + 100;
        try (Store store = Store.builder().url(url).property("keyPrefix", NAMESPACE).build()) {
            AtomicInteger changes = new AtomicInteger();
            Subscription sub = store.subscribe(ScopeQuery.nested("sweep"), change -> changes.incrementAndGet());
            try {
                for (int i = 0; i < expiring; i++) {
                    store.createState(i, StateOptions.key("e" + i).scope("sweep.brief").ttl(Duration.ofSeconds(1)));
                }
                await(Duration.ofSeconds(15), () -> changes.get() >= expiring);
                Thread.sleep(1500);   // every brief state has expired
                for (int i = 0; i < lasting; i++) {
                    store.createState(i, StateOptions.key("l" + i).scope("sweep.kept"));
                }
                RedisBackend backend = store.unwrap(RedisBackend.class);
                await(Duration.ofSeconds(15), () -> changes.get() >= expiring + lasting
                        && backend.feedKnownCount() == lasting);
            } finally {
                sub.close();
            }
            store.dropScope(ScopeQuery.nested("sweep"));
        } finally {
            RedisTestServers.dropNamespace(url, NAMESPACE);
        }
    }
}
