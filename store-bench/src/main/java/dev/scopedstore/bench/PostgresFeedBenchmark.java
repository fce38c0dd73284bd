package dev.scopedstore.bench;

import dev.scopedstore.ScopeQuery;
import dev.scopedstore.State;
import dev.scopedstore.StateOptions;
import dev.scopedstore.Store;
import dev.scopedstore.Subscription;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of the cross-instance change feed on writers: {@code set} on one state per thread
 * (so that writers do not queue on one row lock) with the feed on and a second store
 * subscribed to the scope (its poller reading every 100 ms), against the same with
 * {@code notifications=false} and nobody subscribed. Run at 4 and 16 threads.
 */
@org.openjdk.jmh.annotations.State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class PostgresFeedBenchmark {
    private static final String SCOPE = "bench.feed";
    private Store writer;
    private Store listener;
    private Subscription subscription;
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong threadIds = new AtomicLong();
    private final ThreadLocal<State<Integer>> mine = ThreadLocal.withInitial(() ->
            writer.createState(0, StateOptions.key("w" + threadIds.incrementAndGet()).scope(SCOPE)));

    /** Opens the writing store; the listening one only for {@link #feedOn}. */
    @Setup
    public void setUp(org.openjdk.jmh.infra.BenchmarkParams params) {
        boolean on = params.getBenchmark().endsWith("feedOn");
        writer = Store.builder().url(PostgresBenchmark.url()).property("table", PostgresBenchmark.TABLE)
                .property("poolSize", "16").property("notifications", String.valueOf(on)).build();
        if (on) {
            listener = Store.builder().url(PostgresBenchmark.url()).property("table", PostgresBenchmark.TABLE)
                    .property("poolSize", "2").build();
            subscription = listener.subscribe(ScopeQuery.nested(SCOPE), c -> delivered.incrementAndGet());
            writer.subscribe(ScopeQuery.nested(SCOPE), c -> delivered.incrementAndGet());
        }
    }

    /** Closes both stores. */
    @TearDown
    public void tearDown() {
        if (subscription != null) {
            subscription.close();
            listener.close();
            System.err.println("# feed delivered " + delivered.get() + " changes");
        }
        writer.close();
    }

    /** {@code set} with the feed on and subscribers in two stores. */
    @Benchmark
    public void feedOn(Counter counter) {
        mine.get().set(counter.next());
    }

    /** {@code set} with the feed off. */
    @Benchmark
    public void feedOff(Counter counter) {
        mine.get().set(counter.next());
    }
}
