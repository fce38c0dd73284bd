package dev.scopedstore.bench;

import dev.scopedstore.ScopeQuery;
import dev.scopedstore.Store;
import dev.scopedstore.Subscription;
import java.lang.ref.Reference;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Heap bytes per store subscription on the memory backend, everything the store holds for it
 * included (its scope, its queue, its place in the fan-out's index): subscribes 100,000 times
 * to scopes {@code c.<i>}, half of them nested, as {@link MemoryFanoutBenchmark} does, and
 * compares the stable used heap before and after; the list of subscriptions is made before the
 * first reading. Not a JMH benchmark.
 *
 * <pre>{@code
 * ./mvnw -q -pl store-bench -am package -DskipTests
 * java -Xms1g -Xmx1g -Dheap.histogram=12 \
 *     -cp "store-bench/target/classes:$(cat store-bench/target/classpath.txt)" \
 *     dev.scopedstore.bench.HeapPerSubscription
 * }</pre>
 *
 * System properties: {@code heap.subscriptions} [100000], {@code heap.histogram} top lines of a
 * class histogram of the subscribed heap [0: none].
 */
public final class HeapPerSubscription {
    private HeapPerSubscription() {
    }

    /**
     * @param args ignored; see the class javadoc for the system properties
     * @throws Exception if the heap cannot be read or the thread is interrupted
     */
    public static void main(String[] args) throws Exception {
        int count = Integer.getInteger("heap.subscriptions", MemoryFanoutBenchmark.SUBSCRIPTIONS);
        List<Subscription> subscriptions = new ArrayList<>(count);
        try (Store store = Store.open(Fixture.URL)) {
            long before = HeapPerState.stableUsedHeap();
            for (int i = 0; i < count; i++) {
                String scope = "c." + i;
                subscriptions.add(store.subscribe(
                        i % 2 == 0 ? ScopeQuery.scope(scope) : ScopeQuery.nested(scope), change -> { }));
            }
            long subscribed = HeapPerState.stableUsedHeap() - before;
            System.out.printf(Locale.ROOT, "%s %s%n", System.getProperty("java.vm.name"),
                    System.getProperty("java.runtime.version"));
            System.out.printf(Locale.ROOT, "%,d subscriptions: %,d bytes (%.1f B/subscription)%n",
                    count, subscribed, (double) subscribed / count);
            int histogram = Integer.getInteger("heap.histogram", 0);
            if (histogram > 0) {
                HeapPerState.printHistogram(histogram);
            }
            Reference.reachabilityFence(store);
        }
        Reference.reachabilityFence(subscriptions);
    }
}
