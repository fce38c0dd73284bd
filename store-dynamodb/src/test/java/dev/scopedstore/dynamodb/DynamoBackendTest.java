package dev.scopedstore.dynamodb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scopedstore.BackendUnavailableException;
import dev.scopedstore.CorruptStateException;
import dev.scopedstore.ScopeQuery;
import dev.scopedstore.State;
import dev.scopedstore.StateEntry;
import dev.scopedstore.StateOptions;
import dev.scopedstore.Store;
import dev.scopedstore.StoreConfigurationException;
import dev.scopedstore.Subscription;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

/** What the kit does not cover: two stores, hostile names, the item limit, failures, own clients. */
class DynamoBackendTest {
    private static final String TABLE = "test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    private final String scope = "s" + UUID.randomUUID().toString().substring(0, 8);

    @BeforeAll
    static void requireEmulator() {
        DynamoServer.endpoint();
    }

    @AfterAll
    static void dropTable() {
        DynamoServer.dropTable(TABLE);
    }

    @Test
    void aLabelledStateWhoseScopeAndKeyAreLongerThanASortKeyIsIndexedAndPurgedLikeAnyOther() {
        String scope = "longlabel" + UUID.randomUUID().toString().substring(0, 8) + "." + "s".repeat(600);
        String key = "k".repeat(600);
        String label = "tag" + UUID.randomUUID().toString().substring(0, 8);
        try (Store store = DynamoServer.builder(TABLE).build()) {
            store.createState(5, StateOptions.key(key).scope(scope).labels(label));
            store.createState(6, StateOptions.key("short").scope(scope).labels(label));
            assertEquals(5, store.createState(0, StateOptions.key(key).scope(scope)).get());
            assertEquals(2, store.purgeLabels(label), "found through the label index, digest or not");
            assertFalse(store.hasState(StateOptions.key(key).scope(scope)));
            assertFalse(store.hasState(StateOptions.key("short").scope(scope)));
            assertEquals(0, store.purgeLabels(label), "both index entries went with their states");
        }
    }

    @Test
    void aScopeCoveredByManySubscriptionsIsQueriedOncePerPoll() {
        String prefix = "fan" + UUID.randomUUID().toString().substring(0, 8);
        java.util.concurrent.atomic.AtomicInteger queries = new java.util.concurrent.atomic.AtomicInteger();
        ExecutionInterceptor counting = new ExecutionInterceptor() {
            @Override
            public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                if (context.request() instanceof QueryRequest q && q.toString().contains(prefix)) {
                    queries.incrementAndGet();
                }
            }
        };
        try (DynamoDbClient client = DynamoServer.client(counting);
             Store watcher = Store.builder().backend(DynamoBackend.builder(client).table(TABLE)
                     .pollInterval(Duration.ofHours(1)).build()).build();
             Store writer = DynamoServer.builder(TABLE).build()) {
            State<Integer> a = writer.createState(0, StateOptions.key("k").scope(prefix + ".a"));
            List<Subscription> subscriptions = new java.util.ArrayList<>();
            List<Integer> heard = new CopyOnWriteArrayList<>();
            for (int i = 0; i < 20; i++) {
                subscriptions.add(watcher.createState(0, StateOptions.key("k").scope(prefix + ".a"))
                        .subscribe(c -> heard.add(c.value())));
            }
            subscriptions.add(watcher.subscribe(ScopeQuery.nested(prefix), c -> { }));
            a.set(7);
            queries.set(0);
            watcher.unwrap(DynamoBackend.class).pollNow();
            assertEquals(2, queries.get(), "one registry query for the nested filter, one for the scope its 21"
                    + " subscriptions cover");
            dev.scopedstore.testkit.Awaiting.until(Duration.ofSeconds(5), () -> heard.size() == 20,
                    () -> "every subscription heard 7 once: " + heard);
            subscriptions.forEach(Subscription::close);
        }
    }

    /** @return an interceptor that fails each {@code Query} that {@code which} picks while {@code on} is set */
    private static ExecutionInterceptor failingQueries(AtomicBoolean on, Predicate<QueryRequest> which) {
        return new ExecutionInterceptor() {
            @Override
            public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                if (on.get() && context.request() instanceof QueryRequest q && which.test(q)) {
                    throw SdkClientException.create("the query failed (simulated)");
                }
            }
        };
    }

    @Test
    void setAllKeepsAtMostSixteenWritesInFlight() throws Exception {
        String scope = "bulkpool" + UUID.randomUUID().toString().substring(0, 8);
        try (Store store = DynamoServer.builder(TABLE).build()) {
            Map<State<Integer>, Integer> values = new LinkedHashMap<>();
            for (int i = 0; i < 120; i++) {
                values.put(store.createState(0, StateOptions.key("k" + i).scope(scope)), i);
            }
            AtomicInteger most = new AtomicInteger();
            AtomicBoolean writing = new AtomicBoolean(true);
            Thread sampler = new Thread(() -> {
                while (writing.get()) {
                    int now = (int) Thread.getAllStackTraces().keySet().stream()
                            .filter(t -> t.getName().equals("scoped-store-dynamodb-bulk")).count();
                    most.accumulateAndGet(now, Math::max);
                }
            });
            sampler.start();
            try {
                store.setAll(values);
            } finally {
                writing.set(false);
                sampler.join();
            }
            assertTrue(most.get() > 1 && most.get() <= BulkWrites.THREADS, "bulk threads: " + most.get());
            assertEquals(119, store.createState(0, StateOptions.key("k119").scope(scope)).get());
        }
    }

    @Test
    void aSubscribeThatFailsLeavesNothingListening() throws Exception {
        String scope = "nolisten" + UUID.randomUUID().toString().substring(0, 8);
        AtomicBoolean queriesFail = new AtomicBoolean();
        try (DynamoDbClient client = DynamoServer.client(failingQueries(queriesFail, q -> true));
             Store store = Store.builder().backend(DynamoBackend.builder(client).table(TABLE)
                     .operationTimeout(Duration.ofMillis(300)).build()).build()) {
            State<Integer> s = store.createState(0, StateOptions.key("k").scope(scope));
            List<Object> heard = new CopyOnWriteArrayList<>();
            queriesFail.set(true);
            assertThrows(BackendUnavailableException.class,
                    () -> store.subscribe(ScopeQuery.nested(scope), heard::add));
            queriesFail.set(false);
            s.set(1);
            Thread.sleep(300);   // the listeners' executor has long run by now
            assertEquals(List.of(), heard, "the failed subscription's listener hears nothing");
        }
    }

    @Test
    void aPollThatFailsHalfWayLosesNothing() throws Exception {
        String prefix = "halfway" + UUID.randomUUID().toString().substring(0, 8);
        AtomicBoolean failScopeB = new AtomicBoolean();
        try (DynamoDbClient client = DynamoServer.client(
                failingQueries(failScopeB, q -> q.toString().contains(prefix + ".b")));
             // a short timeout, so a poll whose query keeps failing gives up instead of retrying
             Store watcher = Store.builder().backend(DynamoBackend.builder(client).table(TABLE)
                     .pollInterval(Duration.ofMillis(100)).operationTimeout(Duration.ofMillis(300)).build()).build();
             Store writer = DynamoServer.builder(TABLE).build()) {
            State<Integer> a = writer.createState(0, StateOptions.key("k").scope(prefix + ".a"));
            writer.createState(0, StateOptions.key("k").scope(prefix + ".b"));
            List<Integer> seenA = new CopyOnWriteArrayList<>();
            Subscription sub = watcher.subscribe(ScopeQuery.nested(prefix),
                    c -> {
                        if (c.id().scope().toString().endsWith(".a")) {
                            seenA.add(c.value().asInt());
                        }
                    });
            try {
                failScopeB.set(true);       // every poll now fails after reading scope a
                a.set(1);
                Thread.sleep(1200);         // several polls read a's new version, then fail
                assertEquals(List.of(), seenA, "nothing delivered while every poll fails");
                failScopeB.set(false);
                long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                while (seenA.isEmpty() && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                }
                assertEquals(List.of(1), seenA, "the first whole poll delivers what the failed ones read");
            } finally {
                sub.close();
            }
        }
    }

    @Test
    void aWriteInOneStoreReachesTheOtherStoresListener() throws Exception {
        try (Store first = DynamoServer.builder(TABLE).build();
             Store second = DynamoServer.builder(TABLE).build()) {
            List<JsonNode> seen = new CopyOnWriteArrayList<>();
            State<Integer> counter = first.createState(0, StateOptions.key("n").scope(scope + ".a"));
            try (Subscription s = second.subscribe(ScopeQuery.nested(scope),
                    c -> seen.add(c.value() == null ? null : c.value()))) {
                for (int i = 1; i <= 5; i++) {
                    counter.set(i);
                }
                counter.delete();
                long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                while (!seen.contains(null) && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                }
            }
            assertTrue(seen.contains(null), "the deletion arrives: " + seen);
            assertFalse(seen.isEmpty());
        }
    }

    @Test
    void namesFullOfExpressionSyntaxAreData() {
        List<String> keys = List.of("#value", ":now", "a.b[0]", "x y", "#pk = :pk OR 1=1", "version",
                "value", "scope");
        String hostile = scope + ".a#b:c.[0] x.#v :v";
        try (Store store = DynamoServer.builder(TABLE).build()) {
            for (String key : keys) {
                State<String> s = store.createState("d", StateOptions.key(key).scope(hostile));
                s.set(key + "!");
                assertTrue(s.setIfVersion(s.version(), key + "?"));
            }
            for (String key : keys) {
                assertEquals(key + "?", store.createState("", StateOptions.key(key).scope(hostile)).get());
            }
            try (Stream<StateEntry> listed = store.states(ScopeQuery.nested(scope))) {
                assertEquals(keys.stream().sorted().toList(),
                        listed.map(e -> e.id().key()).collect(Collectors.toList()));
            }
            assertEquals(keys.size(), store.dropScope(ScopeQuery.nested(scope)));
        }
    }

    @Test
    void anItemOverTheLimitIsRefusedBeforeSending() {
        try (Store store = DynamoServer.builder(TABLE).build()) {
            // 150,000 one-digit numbers: 300 KB of JSON, over 400 KB as a DynamoDB list
            int[] many = new int[150_000];
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> store.createState(many, StateOptions.key("big").scope(scope)));
            assertTrue(e.getMessage().contains("400"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> store.createState("x".repeat(400 * 1024),
                    StateOptions.key("big").scope(scope)));
            assertFalse(store.hasState(StateOptions.key("big").scope(scope)));
            String fits = "y".repeat(DynamoBackend.MAX_VALUE_BYTES - 100);
            assertEquals(fits, store.createState(fits, StateOptions.key("fits").scope(scope)).get());
            store.dropScope(ScopeQuery.scope(scope));
        }
    }

    @Test
    void aClosedPortFailsWithinTheOperationTimeout() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        long start = System.nanoTime();
        BackendUnavailableException e = assertThrows(BackendUnavailableException.class, () -> Store.builder()
                .url("dynamodb://" + TABLE + "?region=us-east-1&endpoint=http://127.0.0.1:" + port)
                .property("accessKeyId", "local").property("secretAccessKey", "local")
                .operationTimeout(Duration.ofSeconds(1)).build());
        long millis = Duration.ofNanos(System.nanoTime() - start).toMillis();
        assertTrue(millis < 3_000, "failed after " + millis + " ms");
        assertFalse(e.getMessage().contains("secret"), e.getMessage());
    }

    @Test
    void anApplicationsClientWithoutTimeoutsStillFailsWithinTheOperationTimeout() throws Exception {
        try (ServerSocket silent = new ServerSocket(0);
             DynamoDbClient client = DynamoDbClient.builder().region(Region.US_EAST_1)
                     .endpointOverride(URI.create("http://127.0.0.1:" + silent.getLocalPort()))
                     .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("l", "l")))
                     .build()) {
            Thread acceptor = new Thread(() -> {
                List<Socket> held = new ArrayList<>();
                try {
                    while (true) {
                        held.add(silent.accept()); // accepts, never answers
                    }
                } catch (IOException closed) {
                    held.forEach(DynamoBackendTest::closeQuietly);
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            long start = System.nanoTime();
            assertThrows(BackendUnavailableException.class, () -> DynamoBackend.builder(client).table(TABLE)
                    .operationTimeout(Duration.ofMillis(800)).build());
            long millis = Duration.ofNanos(System.nanoTime() - start).toMillis();
            assertTrue(millis < 3_000, "the SDK's own 30 s socket timeout and retries would take minutes;"
                    + " failed after " + millis + " ms");
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing a socket the test held open
        }
    }

    @Test
    void badOptionsAreConfigurationErrors() {
        assertThrows(StoreConfigurationException.class, () -> Store.open("dynamodb://x?region=us-east-1"));
        assertThrows(StoreConfigurationException.class,
                () -> Store.builder().url(DynamoServer.url("missing_" + TABLE)).property("createTable", "false")
                        .property("accessKeyId", "local").property("secretAccessKey", "local").build());
    }

    @Test
    void valuesAreNativeAttributesAndTheApplicationsClientStaysOpen() {
        try (DynamoDbClient client = DynamoServer.client()) {
            DynamoBackend backend = DynamoBackend.builder(client).table(TABLE).build();
            try (Store store = Store.builder().backend(backend).build()) {
                store.createState(Map.of("n", Long.MAX_VALUE, "d", new java.math.BigDecimal("0.1"),
                        "l", List.of(true, "s")), StateOptions.key("native").scope(scope));
            }
            backend.close();
            Map<String, AttributeValue> item = client.getItem(b -> b.tableName(TABLE)
                    .key(Map.of("scope", AttributeValue.fromS(scope), "key", AttributeValue.fromS("native")))
                    .consistentRead(true)).item();
            Map<String, AttributeValue> value = item.get("value").m();
            assertEquals(Long.toString(Long.MAX_VALUE), value.get("n").n());
            assertEquals("0.1", value.get("d").n());
            assertEquals(List.of(AttributeValue.fromBool(true), AttributeValue.fromS("s")), value.get("l").l());
            client.deleteItem(b -> b.tableName(TABLE).key(item.entrySet().stream()
                    .filter(e -> e.getKey().equals("scope") || e.getKey().equals("key"))
                    .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue))));
        }
    }

    @Test
    void anItemThatCannotBeReadIsLeftOutOfListingsAndTouchedWithItsScope() {
        String corrupt = "corrupt" + UUID.randomUUID().toString().substring(0, 8);
        try (Store store = DynamoServer.builder(TABLE).build(); DynamoDbClient client = DynamoServer.client()) {
            store.createState(1, StateOptions.key("good").scope(corrupt).ttl(Duration.ofHours(1)));
            State<Integer> bad = store.createState(2, StateOptions.key("bad").scope(corrupt).ttl(Duration.ofHours(1)));
            client.updateItem(b -> b.tableName(TABLE)
                    .key(Map.of("scope", AttributeValue.fromS(corrupt), "key", AttributeValue.fromS("bad")))
                    .updateExpression("SET #v = :b").expressionAttributeNames(Map.of("#v", "value"))
                    .expressionAttributeValues(Map.of(":b", AttributeValue.fromB(SdkBytes.fromUtf8String("not json")))));
            assertThrows(CorruptStateException.class, bad::get);
            assertEquals(List.of("good"), store.states(ScopeQuery.scope(corrupt)).map(e -> e.id().key()).toList());
            assertEquals(2, store.touch(corrupt), "touching the scope touches both: a time-to-live needs no value");
        }
    }
}
