package dev.scopedstore.bench;

import dev.scopedstore.State;
import dev.scopedstore.Store;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.sync.RedisCommands;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

/**
 * {@code State.set(v)} on Redis next to an EVALSHA of the very script it runs (write marker,
 * value, version, index, expiry, publish to the scope's and its ancestors' channels) with a
 * fresh write marker per call, as the store sends.
 * Run by {@link PairedRunner} with {@code -Dbench.suite=redis}.
 */
@org.openjdk.jmh.annotations.State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class RedisSetBenchmark {
    private Store store;
    private State<Integer> handle;
    private RawRedis rawRedis;
    private RedisCommands<String, String> raw;
    private String sha;
    private String emptySha;

    /** Creates the state and loads the raw script. */
    @Setup
    public void setUp() {
        store = RedisFixture.open();
        handle = RedisFixture.fill(store, 42).get(Fixture.STATES / 2);
        rawRedis = new RawRedis();
        raw = rawRedis.connection.sync();
        sha = raw.scriptLoad(RedisFixture.script("put"));
        emptySha = raw.scriptLoad("return 1");
    }

    /** Closes both sides. */
    @TearDown
    public void tearDown() {
        store.close();
        rawRedis.close();
    }

    /** @param counter the next value */
    @Benchmark
    public void store(Counter counter) {
        handle.set(counter.next());
    }

    /**
     * @param counter the next value
     * @return the script's reply
     */
    @Benchmark
    public List<Object> raw(Counter counter) {
        return raw.evalsha(sha, ScriptOutputType.MULTI, RedisFixture.markedRawKeys(Fixture.KEY), args(counter));
    }

    /**
     * The floor under any write done by a script: an EVALSHA of {@code return 1}, sent with the
     * same KEYS and ARGV as {@link #raw}, so only the script's own work is missing.
     *
     * @param counter the next value
     * @return 1
     */
    @Benchmark
    public Long emptyScript(Counter counter) {
        return raw.evalsha(emptySha, ScriptOutputType.INTEGER, RedisFixture.markedRawKeys(Fixture.KEY), args(counter));
    }

    private static String[] args(Counter counter) {
        return new String[] {Fixture.KEY, Long.toString(System.currentTimeMillis()), RedisFixture.RAW_CHANNELS,
            RedisFixture.SCOPE, RedisFixture.MARKER_LIFE, counter.next().toString(), "0", "", "[]"};
    }
}
