package dev.scopedstore.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scopedstore.State;
import dev.scopedstore.Store;
import io.lettuce.core.api.sync.RedisCommands;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

/**
 * {@code State.get()} of an {@code Integer} on Redis (one {@code GET} of the state's string,
 * header and JSON decoded) next to Lettuce's {@code GET} of the same JSON text, parsed by the same mapper.
 * Run by {@link PairedRunner} with {@code -Dbench.suite=redis}.
 */
@org.openjdk.jmh.annotations.State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class RedisGetBenchmark {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private Store store;
    private State<Integer> handle;
    private RawRedis rawRedis;
    private RedisCommands<String, String> raw;
    private String rawKey;

    /** Writes the state and the raw string alike. */
    @Setup
    public void setUp() {
        store = RedisFixture.open();
        handle = RedisFixture.fill(store, 42).get(Fixture.STATES / 2);
        rawRedis = new RawRedis();
        raw = rawRedis.connection.sync();
        rawKey = RedisFixture.RAW_TAG + ":get:" + Fixture.KEY;
        raw.set(rawKey, "42");
    }

    /** Closes both sides. */
    @TearDown
    public void tearDown() {
        store.close();
        rawRedis.close();
    }

    /** @return the value, through the handle */
    @Benchmark
    public Integer store() {
        return handle.get();
    }

    /**
     * @return the value, by GET and parse
     * @throws JsonProcessingException never
     */
    @Benchmark
    public Integer raw() throws JsonProcessingException {
        return MAPPER.readTree(raw.get(rawKey)).intValue();
    }
}
