package dev.scopedstore.bench;

import dev.scopedstore.Atomic;
import dev.scopedstore.State;
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
 * An equation increment of a {@code Long} counter declared {@code atomic(Atomic.SUM)} on the
 * memory backend, two ways ({@code accumulate(1L)}, and {@code set(get() + 1)}, which solves
 * {@code x} from the value last read), next to a {@code ConcurrentHashMap.compute} that adds 1
 * to the {@code Long} of a (version, value) record and raises its version. With several
 * threads, all count on the same state, and no increment may be lost on either side.
 *
 * <pre>{@code
 * ./mvnw -q -pl store-bench -am package -DskipTests
 * java -cp "store-bench/target/classes:$(cat store-bench/target/classpath.txt)" \
 *     org.openjdk.jmh.Main MemoryIncrementBenchmark -t 2 -prof gc
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
public class MemoryIncrementBenchmark {
    private Store store;
    private State<Long> counter;
    private ConcurrentHashMap<RawMap.Key, RawMap.Versioned> map;
    private RawMap.Key key;

    /** Fills the store and the map alike. */
    @Setup
    public void setUp() {
        store = Fixture.openFilled(0L);
        counter = store.createState(0L, Fixture.options().atomic(Atomic.SUM));
        map = RawMap.filled(0L);
        key = RawMap.measuredKey();
    }

    /** Closes the store. */
    @TearDown
    public void tearDown() {
        store.close();
    }

    /** @return the count after adding 1 through the equation */
    @Benchmark
    public Long accumulate() {
        return counter.accumulate(1L);
    }

    /** Adds 1 the way a caller unaware of atomics writes it; the equation makes it safe. */
    @Benchmark
    public void setGetPlusOne() {
        counter.set(counter.get() + 1);
    }

    /** @return the count after adding 1 in the map */
    @Benchmark
    public Object raw() {
        return map.compute(key, (k, v) -> new RawMap.Versioned(v.version() + 1,
                (Long) v.value() + 1)).value();
    }
}
