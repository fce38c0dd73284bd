package dev.scopedstore.bench;

import dev.scopedstore.State;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@code State.update(n -> n + 1)} of an {@code Integer} state on the memory backend (a
 * read-modify-write that loses no update), next to a {@code ConcurrentHashMap.compute} that
 * applies the same function to the value of a (version, value) record and raises its version.
 * With several threads, all update the same state.
 *
 * <pre>{@code
 * ./mvnw -q -pl store-bench -am package -DskipTests
 * java -cp "store-bench/target/classes:$(cat store-bench/target/classpath.txt)" \
 *     org.openjdk.jmh.Main MemoryUpdateBenchmark -t 2 -prof gc
 * }</pre>
 *
 * Reported as a ratio by {@link PairedRunner}, never as absolute figures.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 3, time = 1)
public class MemoryUpdateBenchmark extends IntegerStateBenchmark {
    /** Updates count up from 0, so the values stay small. */
    @Override
    protected int initialValue() {
        return 0;
    }

    /** @return the value written through the handle */
    @Benchmark
    public Integer store() {
        return handle.update(n -> n + 1);
    }

    /** @return the value written into the map */
    @Benchmark
    public Object raw() {
        return map.compute(key, (k, v) -> new RawMap.Versioned(v.version() + 1,
                (Integer) v.value() + 1)).value();
    }
}
