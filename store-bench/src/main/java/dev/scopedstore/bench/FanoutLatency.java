package dev.scopedstore.bench;

import dev.scopedstore.ScopeQuery;
import dev.scopedstore.State;
import dev.scopedstore.StateOptions;
import dev.scopedstore.Store;
import dev.scopedstore.Subscription;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * One change to each of many subscribers, one scope each (a server-driven UI's clients): every
 * subscriber {@code i} watches the state {@code v} of its own scope {@code <run>.c<i>}; then one
 * write to each state, from a second store on the same URL where the backend has a change feed
 * across instances (else from the same store), and the latency of each delivery from its
 * write. Prints the time to write them all, the p50, p99 and largest latency, per round. Not a
 * JMH benchmark: what is measured is a time until the last delivery, not a throughput.
 *
 * <pre>{@code
 * java -Dbench.url=redis://127.0.0.1:6379 -Dbench.subscribers=10000 -Dbench.rounds=3 \
 *     -cp "store-bench/target/classes:$(cat store-bench/target/classpath.txt)" \
 *     dev.scopedstore.bench.FanoutLatency
 * }</pre>
 *
 * System properties: {@code bench.url} [memory:], {@code bench.subscribers} [10000],
 * {@code bench.rounds} [3], {@code bench.crossInstance} [true unless memory:].
 */
public final class FanoutLatency {
    private FanoutLatency() {
    }

    /**
     * @param args ignored; see the class javadoc for the system properties
     * @throws InterruptedException if interrupted while waiting for deliveries
     */
    public static void main(String[] args) throws InterruptedException {
        String url = System.getProperty("bench.url", "memory:");
        int subscribers = Integer.getInteger("bench.subscribers", 10_000);
        int rounds = Integer.getInteger("bench.rounds", 3);
        boolean crossInstance = Boolean.parseBoolean(System.getProperty("bench.crossInstance",
                String.valueOf(!url.startsWith("memory:"))));
        String run = "fanout" + UUID.randomUUID().toString().substring(0, 8);
        try (Store watching = Store.open(url); Store writing = crossInstance ? Store.open(url) : watching) {
            AtomicLongArray written = new AtomicLongArray(subscribers);
            AtomicLongArray delivered = new AtomicLongArray(subscribers);
            CountDownLatch[] done = new CountDownLatch[rounds + 1];
            for (int r = 1; r <= rounds; r++) {
                done[r] = new CountDownLatch(subscribers);
            }
            List<Subscription> subscriptions = new ArrayList<>(subscribers);
            List<State<Integer>> writers = new ArrayList<>(subscribers);
            long setUp = System.nanoTime();
            for (int i = 0; i < subscribers; i++) {
                int index = i;
                StateOptions options = StateOptions.key("v").scope(run + ".c" + i);
                State<Integer> watched = watching.createState(0, options);
                subscriptions.add(watched.subscribe(change -> {
                    Integer round = change.value();
                    if (round != null && round > 0 && round <= rounds) {
                        delivered.set(index, System.nanoTime());
                        done[round].countDown();
                    }
                }));
                writers.add(writing.createState(0, options));
            }
            System.out.printf(Locale.ROOT, "%s: %,d subscriptions set up in %.2f s (%s)%n", url,
                    subscribers, (System.nanoTime() - setUp) / 1e9, crossInstance
                            ? "writes from a second store" : "writes from the same store");
            Thread.sleep(1_000); // let every feed start listening
            for (int r = 1; r <= rounds; r++) {
                long start = System.nanoTime();
                for (int i = 0; i < subscribers; i++) {
                    written.set(i, System.nanoTime());
                    writers.get(i).set(r);
                }
                long wroteAll = System.nanoTime() - start;
                boolean all = done[r].await(60, TimeUnit.SECONDS);
                long[] latencies = new long[subscribers];
                for (int i = 0; i < subscribers; i++) {
                    latencies[i] = delivered.get(i) - written.get(i);
                }
                Arrays.sort(latencies);
                System.out.printf(Locale.ROOT, "round %d: wrote %,d in %.2f s; delivery latency p50 %.1f ms,"
                                + " p99 %.1f ms, max %.1f ms%s%n", r, subscribers, wroteAll / 1e9,
                        latencies[subscribers / 2] / 1e6, latencies[subscribers * 99 / 100] / 1e6,
                        latencies[subscribers - 1] / 1e6, all ? "" : "; " + done[r].getCount() + " NOT DELIVERED in 60 s");
            }
            subscriptions.forEach(Subscription::close);
            watching.dropScope(ScopeQuery.nested(run));
        }
    }
}
