package dev.scopedstore.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scopedstore.State;
import dev.scopedstore.Store;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.ValueOutput;
import io.lettuce.core.protocol.AsyncCommand;
import io.lettuce.core.protocol.Command;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

/**
 * {@code Store.getAll} of 1,000 states on Redis (GETs sent in one write to the connection)
 * next to a raw Lettuce pipeline of 1,000 GETs of the same JSON texts, parsed by the same
 * mapper: the usual pipeline, one async call per GET ({@link #raw}), and the same GETs handed to
 * the connection as one batch the way the store sends its reads ({@link #rawBatched}).
 * Run by {@link PairedRunner} with {@code -Dbench.suite=redis}.
 */
@org.openjdk.jmh.annotations.State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class RedisBulkBenchmark {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private Store store;
    private List<State<Integer>> handles;
    private RawRedis rawRedis;
    private RedisAsyncCommands<String, String> raw;
    private List<String> rawKeys;

    /** Writes 1,000 states and 1,000 raw strings. */
    @Setup
    public void setUp() {
        store = RedisFixture.open();
        handles = RedisFixture.fill(store, 42);
        rawRedis = new RawRedis();
        raw = rawRedis.connection.async();
        rawKeys = new ArrayList<>();
        for (int i = 0; i < Fixture.STATES; i++) {
            String key = RedisFixture.RAW_TAG + ":bulk:" + Fixture.key(i);
            rawRedis.connection.sync().set(key, "42");
            rawKeys.add(key);
        }
    }

    /** Closes both sides. */
    @TearDown
    public void tearDown() {
        store.close();
        rawRedis.close();
    }

    /** @return the values, through the store */
    @Benchmark
    public List<Integer> store() {
        return store.getAll(handles);
    }

    /**
     * @return the values, by a pipeline of GETs, one async call each
     * @throws Exception never
     */
    @Benchmark
    public List<Integer> raw() throws Exception {
        List<RedisFuture<String>> replies = new ArrayList<>(rawKeys.size());
        for (String key : rawKeys) {
            replies.add(raw.get(key));
        }
        return parse(replies);
    }

    /**
     * @return the values, by the same GETs dispatched to the connection as one collection
     * @throws Exception never
     */
    @Benchmark
    public List<Integer> rawBatched() throws Exception {
        List<AsyncCommand<String, String, String>> replies = new ArrayList<>(rawKeys.size());
        for (String key : rawKeys) {
            replies.add(new AsyncCommand<>(new Command<>(CommandType.GET, new ValueOutput<>(StringCodec.UTF8),
                    new CommandArgs<>(StringCodec.UTF8).addKey(key))));
        }
        rawRedis.connection.dispatch(replies);
        return parse(replies);
    }

    private static List<Integer> parse(List<? extends Future<String>> replies) throws Exception {
        List<Integer> values = new ArrayList<>(replies.size());
        for (Future<String> reply : replies) {
            values.add(MAPPER.readTree(reply.get(5, TimeUnit.SECONDS)).intValue());
        }
        return values;
    }
}
