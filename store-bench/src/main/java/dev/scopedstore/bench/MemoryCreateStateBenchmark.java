package dev.scopedstore.bench;

import dev.scopedstore.State;
import dev.scopedstore.StateOptions;
import dev.scopedstore.Store;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
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
 * {@code Store.createState(0, options)} of a state that already exists (what a component does
 * on every render), next to a {@code ConcurrentHashMap.computeIfAbsent} hit: both build the
 * identity from a scope and a key and find one of 1,000 entries. The options are built once,
 * as a component would keep them; the store still resolves the scope on each call.
 *
 * <pre>{@code
 * ./mvnw -q -pl store-bench -am package -DskipTests
 * java -cp "store-bench/target/classes:$(cat store-bench/target/classpath.txt)" \
 *     org.openjdk.jmh.Main MemoryCreateStateBenchmark -t 2 -prof gc
 * }</pre>
 *
 * Reported as a ratio by {@link PairedRunner}, never as absolute figures.
 */
@org.openjdk.jmh.annotations.State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 3, time = 1)
public class MemoryCreateStateBenchmark {
    private Store store;
    private StateOptions options;
    private ConcurrentHashMap<RawMap.Key, RawMap.Versioned> map;

    /** Fills the store and the map alike. */
    @Setup
    public void setUp() {
        store = Fixture.openFilled(42);
        options = Fixture.options();
        map = RawMap.filled(42);
    }

    /** Closes the store. */
    @TearDown
    public void tearDown() {
        store.close();
    }

    /** @return a handle on the existing state */
    @Benchmark
    public State<Integer> store() {
        return store.createState(0, options);
    }

    /** @return the existing entry */
    @Benchmark
    public RawMap.Versioned raw() {
        return map.computeIfAbsent(new RawMap.Key(Fixture.SCOPE, Fixture.KEY),
                k -> new RawMap.Versioned(1, 0));
    }
}
