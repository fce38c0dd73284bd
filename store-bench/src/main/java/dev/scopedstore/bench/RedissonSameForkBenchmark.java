package dev.scopedstore.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The store and Redisson with both clients open in every fork, so that each side runs beside
 * the same threads (Redisson's pool and event loops, the store's Lettuce connection) and only
 * the measured calls differ. The store's calls are {@link RedisGetBenchmark#store},
 * {@link RedisSetBenchmark#store} and {@link RedisIncrementBenchmark#store}; Redisson's are
 * {@link RedissonBenchmark}'s.
 */
@org.openjdk.jmh.annotations.State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class RedissonSameForkBenchmark {
    private final RedisGetBenchmark get = new RedisGetBenchmark();
    private final RedisSetBenchmark set = new RedisSetBenchmark();
    private final RedisIncrementBenchmark increment = new RedisIncrementBenchmark();
    private final RedissonBenchmark redisson = new RedissonBenchmark();

    /** Opens both clients. */
    @Setup
    public void setUp() {
        get.setUp();
        set.setUp();
        increment.setUp();
        redisson.setUp();
    }

    /** Closes both clients. */
    @TearDown
    public void tearDown() {
        get.tearDown();
        set.tearDown();
        increment.tearDown();
        redisson.tearDown();
    }

    /** @return the store's value */
    @Benchmark
    public Integer storeGet() {
        return get.store();
    }

    /** @param next the next value */
    @Benchmark
    public void storeSet(Counter next) {
        set.store(next);
    }

    /** @return the store's new total */
    @Benchmark
    public Long storeIncrement() {
        return increment.store();
    }

    /** @return Redisson's value */
    @Benchmark
    public Integer redissonGet() {
        return redisson.get();
    }

    /** @param next the next value */
    @Benchmark
    public void redissonSet(Counter next) {
        redisson.set(next);
    }

    /** @return Redisson's new total */
    @Benchmark
    public long redissonIncrement() {
        return redisson.increment();
    }
}
