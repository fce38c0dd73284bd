package dev.scopedstore.bench;

import dev.scopedstore.ScopeQuery;
import dev.scopedstore.Subscription;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A write costs the same whoever listens elsewhere: {@code State.set(v)} on a memory store
 * with {@value #SUBSCRIPTIONS} subscriptions on other scopes (half of them nested, as
 * {@code c.<i>}), next to the same {@code set} on a store with none. The measured state's scope
 * {@code bench.poll} has no subscriber, so both sides do the same work unless finding the
 * subscribers of a change costs more with more subscriptions.
 *
 * <pre>{@code
 * java -Dbench.pairs=set-100k-subscriptions-elsewhere -cp … dev.scopedstore.bench.PairedRunner
 * }</pre>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 3, time = 1)
public class MemoryFanoutBenchmark {
    /** How many subscriptions listen elsewhere. */
    static final int SUBSCRIPTIONS = 100_000;

    /** A filled store with {@value #SUBSCRIPTIONS} subscriptions on other scopes. */
    @State(Scope.Benchmark)
    public static class SubscribedElsewhere extends IntegerStateBenchmark {
        private final List<Subscription> subscriptions = new ArrayList<>();

        /** Fills the store, then subscribes. */
        @Override
        @Setup
        public void setUp() {
            super.setUp();
            for (int i = 0; i < SUBSCRIPTIONS; i++) {
                ScopeQuery query = i % 2 == 0 ? ScopeQuery.scope("c." + i) : ScopeQuery.nested("c." + i);
                subscriptions.add(store.subscribe(query, change -> { }));
            }
        }
    }

    /** The same filled store, without subscriptions. */
    @State(Scope.Benchmark)
    public static class NoSubscriptions extends IntegerStateBenchmark {
    }

    /**
     * Writes with {@value #SUBSCRIPTIONS} subscriptions elsewhere.
     *
     * @param fixture the store
     * @param counter the next value
     */
    @Benchmark
    public void subscribedElsewhere(SubscribedElsewhere fixture, Counter counter) {
        fixture.handle.set(counter.next());
    }

    /**
     * Writes with nobody subscribed.
     *
     * @param fixture the store
     * @param counter the next value
     */
    @Benchmark
    public void noSubscriptions(NoSubscriptions fixture, Counter counter) {
        fixture.handle.set(counter.next());
    }
}
