package dev.scopedstore.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;
import org.redisson.Redisson;
import org.redisson.api.RAtomicLong;
import org.redisson.api.RBatch;
import org.redisson.api.RBucket;
import org.redisson.api.RedissonClient;
import org.redisson.codec.TypedJsonJacksonCodec;
import org.redisson.config.Config;

/**
 * Redisson, the library a user would pick instead of the store, doing what the store's
 * {@code get}, {@code set} and {@code accumulate(1L)} do for the user: {@code RBucket<Integer>}
 * {@code get}/{@code set} with Redisson's typed JSON codec (Jackson text, as the store keeps), and
 * {@code RAtomicLong.incrementAndGet}. Redisson on its defaults for one server (its connection
 * pool, its Netty); the store sides are {@link RedisGetBenchmark#store},
 * {@link RedisSetBenchmark#store} and {@link RedisIncrementBenchmark#store}. Run by
 * {@link PairedRunner} with {@code -Dbench.suite=redis}.
 */
@org.openjdk.jmh.annotations.State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class RedissonBenchmark {
    private RedissonClient redisson;
    private RBucket<Integer> bucket;
    private RAtomicLong counter;

    /** Connects and writes the bucket's first value. */
    @Setup
    public void setUp() {
        Config config = new Config();
        config.useSingleServer().setAddress(RedisFixture.URL);
        redisson = Redisson.create(config);
        bucket = redisson.getBucket(RedisFixture.RAW_TAG + ":redisson:" + Fixture.KEY,
                new TypedJsonJacksonCodec(Integer.class));
        bucket.set(42);
        counter = redisson.getAtomicLong(RedisFixture.RAW_TAG + ":redisson:votes");
    }

    /** Closes the client. */
    @TearDown
    public void tearDown() {
        redisson.shutdown();
    }

    /** @return the value: GET, JSON decoded to {@code Integer} */
    @Benchmark
    public Integer get() {
        return bucket.get();
    }

    /** @param next the next value: JSON encoded, SET */
    @Benchmark
    public void set(Counter next) {
        bucket.set(next.next());
    }

    /**
     * What a Redisson user sends to also tell other instances about the write, as the store's
     * {@code set} does: the bucket's {@code SET} and a {@code PUBLISH} of the value on the
     * scope's topic, pipelined in one {@link RBatch} (one round trip). Still no version and no
     * protection against a re-sent write.
     *
     * @param next the next value
     */
    @Benchmark
    public void setAndPublish(Counter next) {
        Integer value = next.next();
        RBatch batch = redisson.createBatch();
        batch.<Integer>getBucket(bucket.getName(), bucket.getCodec()).setAsync(value);
        batch.getTopic(RedisFixture.RAW_TAG + ":redisson:topic", bucket.getCodec()).publishAsync(value);
        batch.execute();
    }

    /** @return the new total: INCR */
    @Benchmark
    public long increment() {
        return counter.incrementAndGet();
    }
}
