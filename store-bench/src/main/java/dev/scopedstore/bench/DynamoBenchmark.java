package dev.scopedstore.bench;

import dev.scopedstore.Atomic;
import dev.scopedstore.State;
import dev.scopedstore.StateOptions;
import dev.scopedstore.Store;
import dev.scopedstore.dynamodb.DynamoBackend;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
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
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * The DynamoDB backend next to the raw AWS SDK sending the same requests (same expressions,
 * attribute names and values, same consistent reads) on the same {@link DynamoDbClient}: the
 * store's own. The raw side builds its expressions once, as a hand-written client would, and
 * reads what it needs from the reply; the store's side maps attribute values to JSON trees and
 * then to {@code Integer}s, so the ratio includes the mapping. Table {@code bench_state}, one
 * scope of {@value #BULK} states; with several threads all work on the same state. The endpoint
 * comes from {@code SCOPEDSTORE_TEST_DYNAMODB_ENDPOINT} (default dynalite on
 * {@code http://127.0.0.1:4567}).
 *
 * <pre>{@code
 * java -Dbench.suite=dynamodb -Dbench.threads=1,4 \
 *     -cp "store-bench/target/classes:$(cat store-bench/target/classpath.txt)" \
 *     dev.scopedstore.bench.PairedRunner
 * }</pre>
 */
@org.openjdk.jmh.annotations.State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class DynamoBenchmark {
    static final int BULK = 100;
    private static final String TABLE = "bench_state";
    private static final String SCOPE = "bench.poll";
    private static final String LIVE = "attribute_exists(#value) AND (attribute_not_exists(#expires_ms)"
            + " OR #expires_ms > :now)";
    private static final String RECORD = ", #w7 = if_not_exists(#w6, :wid), #w6 = if_not_exists(#w5, :wid),"
            + " #w5 = if_not_exists(#w4, :wid), #w4 = if_not_exists(#w3, :wid), #w3 = if_not_exists(#w2, :wid),"
            + " #w2 = if_not_exists(#w1, :wid), #w1 = if_not_exists(#w0, :wid), #w0 = :wid"
            + " REMOVE #expires_ms, #expires_at";
    private static final String UNRECORDED = " AND #w0 <> :wid AND #w1 <> :wid AND #w2 <> :wid AND #w3 <> :wid"
            + " AND #w4 <> :wid AND #w5 <> :wid AND #w6 <> :wid AND #w7 <> :wid";
    private static final String PUT = "SET #value = :value, #version = #version + :one, #ttl_ms = :ttl" + RECORD;
    private static final String ADD = "SET #value = #value + :x1, #f0 = :seq, #version = #version + :one,"
            + " #ttl_ms = :ttl" + RECORD;
    private static final String ADD_CONDITION = LIVE + UNRECORDED + " AND (attribute_not_exists(#f0) OR #f0 < :seq)"
            + " AND attribute_type(#value, :tN) AND #value BETWEEN :lo1 AND :hi1";
    private static final Map<String, String> NAMES = names();
    private static final AttributeValue ONE = AttributeValue.fromN("1");
    private static final AttributeValue ZERO = AttributeValue.fromN("0");
    private static final String RAW_WRITER = Long.toString(new SecureRandom().nextLong() & Long.MAX_VALUE, 36) + "-";

    private final AtomicLong rawWrites = new AtomicLong();
    /** The raw increment's writer lane per thread, as the store's: its attribute name and last number. */
    private final ThreadLocal<long[]> rawLane = ThreadLocal.withInitial(() -> new long[1]);
    private final ThreadLocal<Map<String, String>> rawLaneNames = ThreadLocal.withInitial(() -> {
        Map<String, String> names = new HashMap<>(NAMES);
        names.put("#f0", "lane-" + RAW_WRITER + Thread.currentThread().getId());
        return Map.copyOf(names);
    });
    private final Clock clock = Clock.systemUTC();
    private Store store;
    private DynamoDbClient client;
    private State<Integer> plain;
    private State<Long> votes;
    private List<State<Integer>> handles;
    private Map<State<Integer>, Integer> bulk;
    private List<Map<String, AttributeValue>> bulkKeys;
    private ExecutorService rawPool;

    /** @return the endpoint: {@code SCOPEDSTORE_TEST_DYNAMODB_ENDPOINT}, else local dynalite */
    static String endpoint() {
        String url = System.getenv("SCOPEDSTORE_TEST_DYNAMODB_ENDPOINT");
        return url == null || url.isBlank() ? "http://127.0.0.1:4567" : url;
    }

    private static Map<String, String> names() {
        Map<String, String> names = new HashMap<>();
        for (String n : List.of("value", "version", "ttl_ms", "expires_ms", "expires_at")) {
            names.put("#" + n, n);
        }
        for (int i = 0; i < 8; i++) {
            names.put("#w" + i, "w" + i);
        }
        return Map.copyOf(names);
    }

    private static Map<String, AttributeValue> key(String key) {
        return Map.of("scope", AttributeValue.fromS(SCOPE), "key", AttributeValue.fromS(key));
    }

    /** Opens the store (creating the table), fills the scope, and borrows the store's client. */
    @Setup
    public void setUp() {
        store = Store.builder().url("dynamodb://" + TABLE + "?region=us-east-1&endpoint=" + endpoint())
                .property("accessKeyId", "local").property("secretAccessKey", "local")
                // 4 threads x 100 concurrent writes queue up in a single-threaded emulator
                .operationTimeout(Duration.ofSeconds(30)).build();
        client = store.unwrap(DynamoBackend.class).client();
        handles = new ArrayList<>();
        bulk = new LinkedHashMap<>();
        bulkKeys = new ArrayList<>();
        for (int i = 0; i < BULK; i++) {
            State<Integer> s = store.createState(42, StateOptions.key(Fixture.key(i)).scope(SCOPE));
            handles.add(s);
            bulk.put(s, 42);
            bulkKeys.add(key(Fixture.key(i)));
        }
        plain = store.createState(0, StateOptions.key(Fixture.KEY).scope(SCOPE));
        plain.set(0);
        votes = store.createState(0L, StateOptions.key("votes").scope(SCOPE).atomic(Atomic.SUM));
        rawPool = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "raw-bulk");
            t.setDaemon(true);
            return t;
        });
    }

    /** Closes the store, its client and the raw pool. */
    @TearDown
    public void tearDown() {
        store.close();
        rawPool.shutdownNow();
    }

    /** @return {@code State.get()} */
    @Benchmark
    public Integer get() {
        return plain.get();
    }

    /** @return the same consistent GetItem, the value and version read from the item */
    @Benchmark
    public Integer rawGet() {
        return decode(client.getItem(GetItemRequest.builder().tableName(TABLE).key(key(Fixture.KEY))
                .consistentRead(true).build()).item());
    }

    /** The raw side's reading of an item: live check, version, value as an {@code Integer}. */
    private Integer decode(Map<String, AttributeValue> item) {
        AttributeValue exp = item.get("expires_ms");
        if (!item.containsKey("value") || (exp != null && Long.parseLong(exp.n()) <= clock.millis())) {
            return null;
        }
        version(item);
        return Integer.valueOf(item.get("value").n());
    }

    /** {@code State.set(v)}: one conditional UpdateItem. */
    @Benchmark
    public void set(Counter counter) {
        plain.set(counter.next());
    }

    /** @return the same UpdateItem */
    @Benchmark
    public long rawSet(Counter counter) {
        return rawPut(Fixture.KEY, counter.next(), null);
    }

    private long rawPut(String key, Integer value, Long expectedVersion) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":value", AttributeValue.fromN(value.toString()));
        values.put(":one", ONE);
        values.put(":ttl", ZERO);
        values.put(":now", AttributeValue.fromN(Long.toString(clock.millis())));
        values.put(":wid", AttributeValue.fromS(RAW_WRITER + Long.toString(rawWrites.incrementAndGet(), 36)));
        String condition = LIVE;
        if (expectedVersion != null) {
            condition = LIVE + " AND #version = :expected";
            values.put(":expected", AttributeValue.fromN(expectedVersion.toString()));
        }
        return version(client.updateItem(UpdateItemRequest.builder().tableName(TABLE).key(key(key))
                .updateExpression(PUT).conditionExpression(condition).expressionAttributeNames(NAMES)
                .expressionAttributeValues(values).returnValues(ReturnValue.ALL_NEW).build()).attributes());
    }

    private static long version(Map<String, AttributeValue> item) {
        return Long.parseLong(item.get("version").n());
    }

    /** @return {@code State.update(n -> n + 1)}: a GetItem and a version-conditioned UpdateItem */
    @Benchmark
    public Integer update() {
        return plain.update(n -> n + 1);
    }

    /** @return the same GetItem and conditional UpdateItem, retried on a lost race */
    @Benchmark
    public long rawUpdate() {
        while (true) {
            Map<String, AttributeValue> item = client.getItem(GetItemRequest.builder().tableName(TABLE)
                    .key(key(Fixture.KEY)).consistentRead(true).build()).item();
            try {
                return rawPut(Fixture.KEY, decode(item) + 1, version(item));
            } catch (ConditionalCheckFailedException raced) {
                // another thread wrote: read again
            }
        }
    }

    /** @return {@code accumulate(1L)} on a SUM state: one native UpdateItem */
    @Benchmark
    public Long increment() {
        return votes.accumulate(1L);
    }

    /** @return the same UpdateItem, with an write id of its own */
    @Benchmark
    public long rawIncrement() {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":x1", ONE);
        values.put(":tN", AttributeValue.fromS("N"));
        values.put(":lo1", AttributeValue.fromN(Long.toString(Long.MIN_VALUE)));
        values.put(":hi1", AttributeValue.fromN(Long.toString(Long.MAX_VALUE - 1)));
        values.put(":one", ONE);
        values.put(":ttl", ZERO);
        values.put(":now", AttributeValue.fromN(Long.toString(clock.millis())));
        values.put(":wid", AttributeValue.fromS(RAW_WRITER + Long.toString(rawWrites.incrementAndGet(), 36)));
        long[] lane = rawLane.get();
        lane[0] = Math.max(lane[0] + 1, System.currentTimeMillis() * 1000);
        values.put(":seq", AttributeValue.fromN(Long.toString(lane[0])));
        Map<String, AttributeValue> item = client.updateItem(UpdateItemRequest.builder().tableName(TABLE)
                .key(key("votes")).updateExpression(ADD).conditionExpression(ADD_CONDITION)
                .expressionAttributeNames(rawLaneNames.get()).expressionAttributeValues(values)
                .returnValues(ReturnValue.ALL_NEW).build()).attributes();
        return Long.parseLong(item.get("value").n()) + version(item);
    }

    /** @return {@code store.getAll} of {@value #BULK} states: one BatchGetItem */
    @Benchmark
    public List<Integer> getAll() {
        return store.getAll(handles);
    }

    /** @return the same BatchGetItem, each item read as an {@code Integer} */
    @Benchmark
    public List<Integer> rawGetAll() {
        List<Map<String, AttributeValue>> items = client.batchGetItem(BatchGetItemRequest.builder()
                .requestItems(Map.of(TABLE, KeysAndAttributes.builder().keys(bulkKeys).consistentRead(true)
                        .build())).build()).responses().get(TABLE);
        List<Integer> values = new ArrayList<>(items.size());
        for (Map<String, AttributeValue> item : items) {
            values.add(decode(item));
        }
        return values;
    }

    /** {@code store.setAll} of {@value #BULK} states: concurrent conditional UpdateItems. */
    @Benchmark
    public void setAll() {
        store.setAll(bulk);
    }

    /** @return the same UpdateItems, sent concurrently from a cached pool */
    @Benchmark
    public long rawSetAll() {
        List<CompletableFuture<Long>> writes = new ArrayList<>(BULK);
        for (int i = 0; i < BULK; i++) {
            String key = Fixture.key(i);
            writes.add(CompletableFuture.supplyAsync(() -> rawPut(key, 42, null), rawPool));
        }
        long sum = 0;
        for (CompletableFuture<Long> w : writes) {
            sum += w.join();
        }
        return sum;
    }
}
