package dev.scopedstore.dynamodb;

import dev.scopedstore.BackendUnavailableException;
import dev.scopedstore.StateId;
import dev.scopedstore.spi.Pause;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;

/** {@code BatchGetItem} in chunks of 100, retrying unprocessed keys with back-off. */
final class BatchGet {
    private static final int CHUNK = 100;

    private final DynamoDbClient client;
    private final String table;
    private final Calls calls;

    BatchGet(DynamoDbClient client, String table, Calls calls) {
        this.client = client;
        this.table = table;
        this.calls = calls;
    }

    Map<StateId, Map<String, AttributeValue>> read(Collection<StateId> ids) {
        List<StateId> distinct = new ArrayList<>(new LinkedHashSet<>(ids));
        Map<StateId, Map<String, AttributeValue>> found = new HashMap<>();
        for (int from = 0; from < distinct.size(); from += CHUNK) {
            List<Map<String, AttributeValue>> keys = new ArrayList<>();
            for (StateId id : distinct.subList(from, Math.min(distinct.size(), from + CHUNK))) {
                keys.add(Items.key(id));
            }
            KeysAndAttributes pending = KeysAndAttributes.builder().keys(keys).consistentRead(true).build();
            long deadline = System.nanoTime() + calls.timeout().toNanos();
            for (int attempt = 0; pending != null && !pending.keys().isEmpty(); attempt++) {
                if (attempt > 0) {
                    if (System.nanoTime() > deadline) {
                        throw calls.unavailable("a bulk get", new IllegalStateException(
                                pending.keys().size() + " keys stayed unprocessed (throttled)"));
                    }
                    sleep(Math.min(500, 10L << Math.min(attempt, 6)));
                }
                KeysAndAttributes request = pending;
                BatchGetItemResponse response = calls.read("a bulk get",
                        () -> client.batchGetItem(b -> b.requestItems(Map.of(table, request))
                                .overrideConfiguration(calls.perRequest())));
                for (Map<String, AttributeValue> item : response.responses().getOrDefault(table, List.of())) {
                    found.put(Items.id(item), item);
                }
                pending = response.unprocessedKeys().get(table);
            }
        }
        return found;
    }

    private static void sleep(long millis) {
        Pause.sleep(millis, () -> new BackendUnavailableException("interrupted while reading a batch"
                + " from DynamoDB", null));
    }
}
