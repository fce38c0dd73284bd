package dev.scopedstore.bench;

import dev.scopedstore.Atomic;
import dev.scopedstore.State;
import dev.scopedstore.StateOptions;
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
 * {@code accumulate(1L)} of a SUM state on Redis (the native integer ADD script) next to an
 * EVALSHA of that script with a fresh write id each call, and {@code INCRBY} as the floor.
 * Also {@link #minimalScript}, the least work any increment the issue asks for can do. Run by
 * {@link PairedRunner} with {@code -Dbench.suite=redis}.
 */
@org.openjdk.jmh.annotations.State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class RedisIncrementBenchmark {
    /**
     * Claims the operation's marker (nothing if it exists: a re-sent increment), adds 1 and
     * publishes the total: no version, no header, no index, no JSON.
     */
    private static final String MINIMAL_INCREMENT =
            "if not redis.call('SET', KEYS[2], '1', 'NX', 'PX', ARGV[1]) then return false end\n"
            + "local total = redis.call('INCRBY', KEYS[1], 1)\n"
            + "redis.call('PUBLISH', ARGV[2], total)\n"
            + "return total";

    private Store store;
    private State<Long> votes;
    private RawRedis rawRedis;
    private RedisCommands<String, String> raw;
    private String sha;
    private String minimalSha;

    /** Creates the counter and loads the raw script. */
    @Setup
    public void setUp() {
        store = RedisFixture.open();
        votes = store.createState(0L, StateOptions.key("votes").scope(RedisFixture.SCOPE).atomic(Atomic.SUM));
        rawRedis = new RawRedis();
        raw = rawRedis.connection.sync();
        sha = raw.scriptLoad(RedisFixture.script("apply"));
        minimalSha = raw.scriptLoad(MINIMAL_INCREMENT);
    }

    /** Closes both sides. */
    @TearDown
    public void tearDown() {
        store.close();
        rawRedis.close();
    }

    /** @return the new total */
    @Benchmark
    public Long store() {
        return votes.accumulate(1L);
    }

    /** @return the script's reply */
    @Benchmark
    public List<Object> raw() {
        return raw.evalsha(sha, ScriptOutputType.MULTI, RedisFixture.markedRawKeys("votes"), "votes",
                Long.toString(System.currentTimeMillis()), RedisFixture.RAW_CHANNELS, RedisFixture.SCOPE,
                RedisFixture.MARKER_LIFE, "1", "0", "", "[]", "0", "ADD");
    }

    /** @return the floor: a plain INCRBY */
    @Benchmark
    public Long incrby() {
        return raw.incrby(RedisFixture.RAW_TAG + ":incr", 1);
    }

    /**
     * The least an increment that the issue asks for can send: one script (an INCRBY and a
     * PUBLISH cannot be atomic otherwise) that is never applied twice (a marker per operation)
     * and notifies. Anything it lacks (the version, the state's header, JSON) only adds work, so
     * its ratio to {@code RAtomicLong}'s bare INCR bounds what the store's increment can reach.
     *
     * @return the new total
     */
    @Benchmark
    public Long minimalScript() {
        String[] keys = RedisFixture.markedRawKeys("minimal");
        return raw.evalsha(minimalSha, ScriptOutputType.INTEGER, new String[] {keys[0], keys[4]},
                RedisFixture.MARKER_LIFE, RedisFixture.RAW_CHANNELS + RedisFixture.SCOPE);
    }
}
