package dev.scopedstore.bench;

import dev.scopedstore.State;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@code State.set(v)} of a plain (last write wins) {@code Integer} state on the memory
 * backend, next to {@code map.compute(key, (k, v) -> new Versioned(v.version() + 1, value))}:
 * both replace the value of one of 1,000 entries and raise its version by one. With several
 * threads, all write the same state.
 *
 * <pre>{@code
 * ./mvnw -q -pl store-bench -am package -DskipTests
 * java -cp "store-bench/target/classes:$(cat store-bench/target/classpath.txt)" \
 *     org.openjdk.jmh.Main MemorySetBenchmark -t 2 -prof gc
 * }</pre>
 *
 * Reported as a ratio by {@link PairedRunner}, never as absolute figures.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 3, time = 1)
public class MemorySetBenchmark extends IntegerStateBenchmark {
    /** Writes through the handle. */
    @Benchmark
    public void store(Counter counter) {
        handle.set(counter.next());
    }

    /**
     * Writes into the map.
     *
     * @return the written record
     */
    @Benchmark
    public RawMap.Versioned raw(Counter counter) {
        Integer value = counter.next();
        return map.compute(key, (k, v) -> new RawMap.Versioned(v.version() + 1, value));
    }
}
