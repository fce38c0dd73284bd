package dev.scopedstore.dynamodb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.scopedstore.Atomic;
import dev.scopedstore.Scope;
import dev.scopedstore.State;
import dev.scopedstore.StateId;
import dev.scopedstore.StateOptions;
import dev.scopedstore.Store;
import dev.scopedstore.spi.AtomicOp;
import dev.scopedstore.spi.StateMeta;
import dev.scopedstore.spi.StoredState;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.exception.RetryableException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * Native equations: exact numbers at the edges of 64 bits and in decimals, nested paths,
 * APPEND, one request per operation, and no operation applied twice when a reply is lost.
 */
class DynamoEquationTest {
    private static final String TABLE = "eq_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    private static final long TWO_62 = 1L << 62;
    private final String scope = "s" + UUID.randomUUID().toString().substring(0, 8);

    @BeforeAll
    static void requireEmulator() {
        DynamoServer.endpoint();
    }

    @AfterAll
    static void dropTable() {
        DynamoServer.dropTable(TABLE);
    }

    private StateOptions sum(String key) {
        return StateOptions.key(key).scope(scope).atomic(Atomic.SUM);
    }

    @Test
    void integersStayExactTo64BitsAndOverflowWritesNothing() {
        try (Store store = DynamoServer.builder(TABLE).build()) {
            State<Long> n = store.createState(TWO_62 + 1, sum("n"));
            assertEquals(Long.MAX_VALUE, n.accumulate(TWO_62 - 2));
            long version = n.version();
            ArithmeticException up = assertThrows(ArithmeticException.class, () -> n.accumulate(1L));
            assertTrue(up.getMessage().contains("64-bit"), up.getMessage());
            assertEquals(Long.MAX_VALUE, n.get());
            assertEquals(version, n.version(), "nothing written");
            assertEquals(-1L, n.accumulate(Long.MIN_VALUE));
            assertEquals(Long.MIN_VALUE, n.accumulate(Long.MIN_VALUE + 1));
            assertThrows(ArithmeticException.class, () -> n.accumulate(-1L));
            assertEquals(Long.MIN_VALUE, n.get());
            assertEquals(Long.toString(Long.MIN_VALUE), storedValue("n").n(), "a native, exact number");

            State<Long> m = store.createState(0L, StateOptions.key("m").scope(scope).atomic("m = x - ans"));
            assertEquals(TWO_62, m.accumulate(TWO_62));
            assertThrows(ArithmeticException.class, () -> m.accumulate(Long.MIN_VALUE), "MIN - 2^62");
            assertEquals(TWO_62, m.get());
        }
    }

    @Test
    void decimalsAddExactly() {
        try (Store store = DynamoServer.builder(TABLE).build()) {
            State<BigDecimal> d = store.createState(new BigDecimal("0.1"), sum("d"));
            assertEquals(0, new BigDecimal("0.3").compareTo(d.accumulate(new BigDecimal("0.2"))));
            assertEquals("0.3", storedValue("d").n());
            BigDecimal big = new BigDecimal("12345678901234567890.000000000000000001");
            assertEquals(0, big.add(new BigDecimal("0.3")).compareTo(d.accumulate(big)));
        }
    }

    @Test
    void nestedNumericLeavesAddByPath() {
        TypeReference<Map<String, Object>> type = new TypeReference<>() {
        };
        try (Store store = DynamoServer.builder(TABLE).build()) {
            State<Map<String, Object>> poll = store.createState(type,
                    Map.of("yes", 3, "no", 5, "by", Map.of("eu", 1, "us", List.of(1, 2))), sum("poll"));
            Map<String, Object> after = poll.accumulate(
                    Map.of("yes", 1, "no", 0, "by", Map.of("eu", TWO_62, "us", List.of(0, 10))));
            assertEquals(Map.of("yes", 4, "no", 5, "by", Map.of("eu", TWO_62 + 1, "us", List.of(1, 12))), after);
            // a field the value lacks: the reference semantics (missing counts as 0) through compare-and-set
            assertEquals(Map.of("yes", 4, "no", 5, "maybe", 2, "by", Map.of("eu", TWO_62 + 1, "us", List.of(1, 12))),
                    poll.accumulate(Map.of("maybe", 2)));
            long version = poll.version();
            assertThrows(ArithmeticException.class, () -> poll.accumulate(Map.of("by", Map.of("eu", Long.MAX_VALUE))));
            assertThrows(IllegalArgumentException.class, () -> poll.accumulate(Map.of("by", Map.of("us", List.of(1)))));
            assertEquals(version, poll.version(), "nothing written");
            assertEquals(Long.toString(TWO_62 + 1), storedValue("poll").m().get("by").m().get("eu").n());
        }
    }

    @Test
    void appendExtendsAMissingOrEmptyList() {
        TypeReference<List<String>> type = new TypeReference<>() {
        };
        try (Store store = DynamoServer.builder(TABLE).build()) {
            State<List<String>> log = store.createState(type, List.of(),
                    StateOptions.key("log").scope(scope).atomic(Atomic.APPEND));
            assertEquals(List.of("a"), log.accumulate(List.of("a")), "empty list");
            assertEquals(List.of("a", "b", "c"), log.accumulate(List.of("b", "c")));
            long before = log.version();
            log.delete();
            assertEquals(List.of("d"), log.accumulate(List.of("d")), "a deleted state starts from the default");
            assertTrue(log.version() > before + 1, "versions never repeat");
            assertEquals(List.of(AttributeValue.fromS("d")), storedValue("log").l());
        }
    }

    @Test
    void anOperationOnAnExistingStateIsOneUpdateItem() {
        Counting counting = new Counting(null);
        try (DynamoDbClient client = DynamoServer.client(counting);
             Store store = Store.builder().backend(DynamoBackend.builder(client).table(TABLE).build()).build()) {
            State<Long> n = store.createState(0L, sum("one"));
            State<List<Integer>> l = store.createState(new TypeReference<List<Integer>>() {
            }, List.of(), StateOptions.key("onel").scope(scope).atomic(Atomic.APPEND));
            counting.reset();
            n.accumulate(5L);
            n.set(7L);
            l.accumulate(List.of(1, 2));
            assertEquals(3, counting.updates.get());
            assertEquals(0, counting.gets.get(), "no read before a native write");
        }
    }

    @Test
    void theSameOperationSentTwiceIsAppliedOnce() {
        try (Store store = DynamoServer.builder(TABLE).build()) {
            DynamoBackend backend = store.unwrap(DynamoBackend.class);
            StateId id = new StateId(Scope.parse(scope), "twice");
            JsonNode zero = JsonNodeFactory.instance.numberNode(0L);
            AtomicOp op = AtomicOp.of(AtomicOp.Kind.ADD, JsonNodeFactory.instance.numberNode(5L));
            StoredState first = backend.apply(id, op, zero, StateMeta.NONE).orElseThrow();
            StoredState again = backend.apply(id, op, zero, StateMeta.NONE).orElseThrow();
            assertEquals(5L, first.value().longValue());
            assertEquals(first.version(), again.version(), "the replay wrote nothing");
            assertEquals(5L, again.value().longValue(), "and returns the state");
            StoredState next = backend.apply(id, AtomicOp.of(AtomicOp.Kind.ADD, op.operand()), zero, StateMeta.NONE).orElseThrow();
            assertEquals(10L, next.value().longValue());
            assertEquals(10L, backend.apply(id, op, zero, StateMeta.NONE).orElseThrow().value().longValue(),
                    "still recognised after another write");
        }
    }

    @Test
    void aLostReplyRetriedByTheApplicationsClientIsAppliedOnce() {
        AtomicBoolean loseNext = new AtomicBoolean();
        Counting counting = new Counting(loseNext);
        try (DynamoDbClient client = DynamoServer.client(counting);
             Store store = Store.builder().backend(DynamoBackend.builder(client).table(TABLE).build()).build()) {
            State<Long> n = store.createState(100L, sum("lost"));
            State<Long> p = store.createState(3L, StateOptions.key("lostp").scope(scope).atomic(Atomic.PRODUCT));
            long version = n.version();
            loseNext.set(true);
            assertEquals(101L, n.accumulate(1L));
            assertTrue(counting.lost.get() == 1 && counting.updates.get() >= 2, "lost one reply, and re-sent");
            assertEquals(101L, n.get());
            assertEquals(version + 1, n.version());

            loseNext.set(true);
            assertEquals(6L, p.accumulate(2L), "a compare-and-set write re-sent");
            assertEquals(2, counting.lost.get());
            assertEquals(6L, p.get());

            State<String> plain = store.createState("a", StateOptions.key("lostset").scope(scope));
            long before = plain.version();
            loseNext.set(true);
            plain.set("b");
            assertEquals(3, counting.lost.get());
            assertEquals("b", plain.get());
            assertEquals(before + 1, plain.version(), "a plain set re-sent is applied once");
        }
    }

    @Test
    void aReSendIsRecognisedWhileFewerThanEightOtherWritesCameBetween() {
        try (Store store = DynamoServer.builder(TABLE).build()) {
            DynamoBackend backend = store.unwrap(DynamoBackend.class);
            StateId id = new StateId(Scope.parse(scope), "window");
            JsonNode one = JsonNodeFactory.instance.numberNode(1L);
            AtomicOp op = AtomicOp.of(AtomicOp.Kind.ADD, JsonNodeFactory.instance.numberNode(100L));
            backend.apply(id, op, one, StateMeta.NONE).orElseThrow();
            for (int i = 0; i < Items.RECENT_WRITES - 1; i++) {
                backend.apply(id, AtomicOp.of(AtomicOp.Kind.ADD, one), one, StateMeta.NONE).orElseThrow();
            }
            StoredState resent = backend.apply(id, op, one, StateMeta.NONE).orElseThrow();
            assertEquals(101L + Items.RECENT_WRITES - 1, resent.value().longValue(), "recognised, not re-applied");
            // a call repeated with the same operation after 8 other writes is applied again; a
            // request the SDK re-sends within one call is recognised whatever came between
            // (its lane number), as the burst below shows
        }
    }

    @Test
    void laneEntriesTooOldToMatchAnyRequestAreRemovedByTheNextEquation() {
        try (Store store = DynamoServer.builder(TABLE).build(); DynamoDbClient raw = DynamoServer.client()) {
            State<Long> n = store.createState(0L, sum("lanes"));
            n.accumulate(1L);
            Map<String, AttributeValue> key = Map.of("scope", AttributeValue.fromS(scope), "key", AttributeValue.fromS("lanes"));
            raw.updateItem(b -> b.tableName(TABLE).key(key).updateExpression("SET #old = :old")
                    .expressionAttributeNames(Map.of("#old", Lanes.PREFIX + "gone-1"))
                    .expressionAttributeValues(Map.of(":old", AttributeValue.fromN("1"))));
            n.accumulate(1L);
            Map<String, AttributeValue> item = raw.getItem(b -> b.tableName(TABLE).key(key).consistentRead(true)).item();
            assertTrue(!item.containsKey(Lanes.PREFIX + "gone-1"), "removed: " + item.keySet());
            assertEquals(1, item.keySet().stream().filter(k -> k.startsWith(Lanes.PREFIX)).count(),
                    "this process's lane stays: " + item.keySet());
            assertEquals(2L, n.get());
        }
    }

    @Test
    void aBurstOfConcurrentIncrementsEndsExactWhileRepliesAreLost() throws Exception {
        int threads = 8;
        int each = 200;
        Counting counting = new Counting(null, 7);
        try (DynamoDbClient client = DynamoServer.client(counting);
             Store store = Store.builder().backend(DynamoBackend.builder(client).table(TABLE).build()).build()) {
            State<Long> shared = store.createState(TWO_62, sum("burst"));
            long version = shared.version();
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                List<Future<?>> done = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    done.add(pool.submit(() -> {
                        State<Long> mine = store.createState(0L, sum("burst"));
                        for (int i = 0; i < each; i++) {
                            mine.set(mine.get() + 1);
                        }
                    }));
                }
                for (Future<?> f : done) {
                    f.get();
                }
            } finally {
                pool.shutdownNow();
            }
            assertEquals(TWO_62 + threads * each, shared.get());
            assertEquals(version + threads * each, shared.version());
            assertTrue(counting.lost.get() >= threads * each / 10, "replies lost: " + counting.lost.get());
        }
    }

    private AttributeValue storedValue(String key) {
        try (DynamoDbClient client = DynamoServer.client()) {
            return client.getItem(GetItemRequest.builder().tableName(TABLE).consistentRead(true)
                    .key(Map.of("scope", AttributeValue.fromS(scope), "key", AttributeValue.fromS(key)))
                    .build()).item().get("value");
        }
    }

    /**
     * Counts requests; loses the reply to an UpdateItem after it was applied: the next one when
     * asked, and every {@code loseEvery}th one (the SDK's retry policy re-sends it).
     */
    private static final class Counting implements ExecutionInterceptor {
        final AtomicInteger updates = new AtomicInteger();
        final AtomicInteger gets = new AtomicInteger();
        final AtomicInteger lost = new AtomicInteger();
        private final AtomicInteger replies = new AtomicInteger();
        private final AtomicBoolean loseNext;
        private final int loseEvery;

        Counting(AtomicBoolean loseNext) {
            this(loseNext, 0);
        }

        Counting(AtomicBoolean loseNext, int loseEvery) {
            this.loseNext = loseNext;
            this.loseEvery = loseEvery;
        }

        void reset() {
            updates.set(0);
            gets.set(0);
        }

        @Override
        public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
            SdkRequest request = context.request();
            if (request instanceof UpdateItemRequest) {
                updates.incrementAndGet();
            } else if (request instanceof GetItemRequest) {
                gets.incrementAndGet();
            }
        }

        @Override
        public SdkHttpResponse modifyHttpResponse(Context.ModifyHttpResponse context, ExecutionAttributes attributes) {
            if (!(context.request() instanceof UpdateItemRequest)) {
                return context.httpResponse();
            }
            boolean lose = (loseNext != null && loseNext.compareAndSet(true, false))
                    || (loseEvery > 0 && replies.incrementAndGet() % loseEvery == 0);
            if (lose) {
                lost.incrementAndGet();
                throw RetryableException.create("the reply was lost (simulated)");
            }
            return context.httpResponse();
        }
    }
}
