package dev.scopedstore.bench;

import dev.scopedstore.ScopeQuery;
import dev.scopedstore.StateOptions;
import dev.scopedstore.Subscription;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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
 * subscribers of a change costs more with more subscriptions. The own-state pair writes a state
 * per thread ({@code k0…k7}), so at 2 threads it measures the same without two writers on one
 * state.
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

    /** How many states of their own the threads of the own-state pair write, one each. */
    static final int OWN_STATES = 8;

    /** The filled store without subscriptions, with handles on {@value #OWN_STATES} states of their own. */
    @State(Scope.Benchmark)
    public static class NoSubscriptions extends IntegerStateBenchmark {
        /** Handles on {@code k0…k7}, one per thread of the own-state pair. */
        final List<dev.scopedstore.State<Integer>> own = new ArrayList<>();

        /** Fills the store and makes the handles. */
        @Override
        @Setup
        public void setUp() {
            super.setUp();
            for (int i = 0; i < OWN_STATES; i++) {
                own.add(store.createState(0, StateOptions.key(Fixture.key(i)).scope(Fixture.SCOPE)));
            }
        }
    }

    /** The same store with {@value #SUBSCRIPTIONS} subscriptions on other scopes. */
    @State(Scope.Benchmark)
    public static class SubscribedElsewhere extends NoSubscriptions {
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

    /** Per benchmark thread: which of the {@value #OWN_STATES} own states it writes. */
    @State(Scope.Thread)
    public static class OwnSlot {
        private static final AtomicInteger NEXT = new AtomicInteger();
        private final int index = NEXT.getAndIncrement() % OWN_STATES;
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

    /**
     * Writes a state of the thread's own with {@value #SUBSCRIPTIONS} subscriptions elsewhere:
     * at 2 threads, the cost of the subscriptions without two writers contending on one state.
     *
     * @param fixture the store
     * @param slot the thread's state
     * @param counter the next value
     */
    @Benchmark
    public void subscribedElsewhereOwnState(SubscribedElsewhere fixture, OwnSlot slot, Counter counter) {
        fixture.own.get(slot.index).set(counter.next());
    }

    /**
     * Writes a state of the thread's own with nobody subscribed.
     *
     * @param fixture the store
     * @param slot the thread's state
     * @param counter the next value
     */
    @Benchmark
    public void noSubscriptionsOwnState(NoSubscriptions fixture, OwnSlot slot, Counter counter) {
        fixture.own.get(slot.index).set(counter.next());
    }
}
