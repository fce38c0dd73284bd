package dev.scopedstore.bench;

import dev.scopedstore.Atomic;
import dev.scopedstore.State;
import dev.scopedstore.StateOptions;
import dev.scopedstore.Store;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * 16 threads × 1,000 {@code accumulate(1L)} on one SUM state of the PostgreSQL backend must end
 * at exactly 16,000. Prints the total and the throughput; exits with 1 if the total is wrong.
 *
 * <pre>{@code
 * java -cp "store-bench/target/classes:$(cat store-bench/target/classpath.txt)" \
 *     dev.scopedstore.bench.PostgresIncrementCheck
 * }</pre>
 */
public final class PostgresIncrementCheck {
    private PostgresIncrementCheck() {
    }

    /**
     * @param args ignored
     * @throws Exception if a thread fails
     */
    public static void main(String[] args) throws Exception {
        int threads = 16;
        int ops = 1_000;
        try (Store store = Store.builder().url(PostgresBenchmark.url()).property("table", PostgresBenchmark.TABLE)
                .property("poolSize", "16").build()) {
            StateOptions options = StateOptions.key("check-" + System.nanoTime()).scope("bench.check")
                    .atomic(Atomic.SUM);
            State<Long> votes = store.createState(0L, options);
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            long start = System.nanoTime();
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                done.add(pool.submit(() -> {
                    State<Long> mine = store.createState(0L, options);
                    for (int i = 0; i < ops; i++) {
                        mine.accumulate(1L);
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            pool.shutdown();
            long total = votes.get();
            System.out.printf("%d threads x %d accumulate(1): total %d (expected %d), %.0f ops/s%n",
                    threads, ops, total, (long) threads * ops, threads * ops / seconds);
            votes.delete();
            if (total != (long) threads * ops) {
                System.exit(1);
            }
        }
    }
}
