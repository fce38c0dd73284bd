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
 * {@code State.get()} of an {@code Integer} state on the memory backend, next to
 * {@code ConcurrentHashMap.get} of a (version, value) record: both read one of 1,000 entries
 * and hand back the {@code Integer}.
 *
 * <pre>{@code
 * ./mvnw -q -pl store-bench -am package -DskipTests
 * java -cp "store-bench/target/classes:$(cat store-bench/target/classpath.txt)" \
 *     org.openjdk.jmh.Main MemoryGetBenchmark -t 2 -prof gc
 * }</pre>
 *
 * Reported as a ratio by {@link PairedRunner}, never as absolute figures.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 3, time = 1)
public class MemoryGetBenchmark extends IntegerStateBenchmark {
    /** @return the value, through the handle */
    @Benchmark
    public Integer store() {
        return handle.get();
    }

    /** @return the value, from the map */
    @Benchmark
    public Integer raw() {
        return (Integer) map.get(key).value();
    }
}
