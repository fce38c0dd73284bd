package dev.scopedstore.dynamodb;

import dev.scopedstore.Scope;
import dev.scopedstore.StateId;
import dev.scopedstore.spi.ScopeFilter;
import dev.scopedstore.spi.WriteIds;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * The scope registry and the label index: items in reserved partitions that make nested-scope
 * listings and label purges {@code Query}s instead of Scans. An entry is written (with a fresh
 * token) after the state that needs it, idempotently, and pruned lazily by a delete conditioned
 * on the token read before checking that the scope is empty, so a concurrent creator's entry
 * survives.
 */
final class Registry {
    /** DynamoDB's limit on a sort key, in UTF-8 bytes. */
    private static final int MAX_SORT_KEY_BYTES = 1024;
    private final DynamoDbClient client;
    private final String table;
    private final Calls calls;

    Registry(DynamoDbClient client, String table, Calls calls) {
        this.client = client;
        this.table = table;
        this.calls = calls;
    }

    /** A registered scope and the token its entry had when read ({@code null}: unknown). */
    record Entry(Scope scope, String token) {
    }

    /** A label index entry. */
    record LabelEntry(String label, StateId id, String token) {
    }

    void register(StateId id, Set<String> labels) {
        put(Items.REGISTRY, id.scope().canonical(), Map.of());
        for (String label : labels) {
            String sk = labelSortKey(id);
            put(Items.LABEL_PREFIX + label, sk, sk.indexOf(Items.SEPARATOR) < 0
                    ? Map.of(Items.LABELLED_SCOPE, AttributeValue.fromS(id.scope().canonical()),
                            Items.LABELLED_KEY, AttributeValue.fromS(id.key()))
                    : Map.of());
        }
    }

    /**
     * The sort key of a label index entry: scope, separator and key; where that is over
     * DynamoDB's {@value #MAX_SORT_KEY_BYTES} bytes, a digest of it without the separator, and
     * the entry then names the state in its attributes.
     */
    static String labelSortKey(StateId id) {
        String sk = id.scope().canonical() + Items.SEPARATOR + id.key();
        if (AttributeCodec.utf8(sk) <= MAX_SORT_KEY_BYTES) {
            return sk;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(sk.getBytes(StandardCharsets.UTF_8));
            return "#" + Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private void put(String pk, String sk, Map<String, AttributeValue> attributes) {
        Map<String, AttributeValue> item = new HashMap<>(Items.key(pk, sk));
        item.putAll(attributes);
        item.put(Items.TOKEN, AttributeValue.fromS(WriteIds.next()));
        calls.read("a registry write", () -> client.putItem(b -> b.tableName(table).item(item)
                .overrideConfiguration(calls.perRequest())));
    }

    /**
     * @param after start after this scope, or {@code null}; with {@code inclusive}, at it
     * @return the registered scopes the filter covers, in order
     */
    Iterator<Entry> scopes(ScopeFilter filter, Scope after, boolean inclusive) {
        if (filter.scope() != null && !filter.nested()) {
            if (after != null && (after.compareTo(filter.scope()) > 0
                    || (!inclusive && after.equals(filter.scope())))) {
                return Collections.emptyIterator();
            }
            Map<String, AttributeValue> item = calls.read("a registry read", () -> client.getItem(b -> b
                    .tableName(table).key(Items.key(Items.REGISTRY, filter.scope().canonical()))
                    .consistentRead(true).overrideConfiguration(calls.perRequest())).item());
            return List.of(new Entry(filter.scope(), token(item))).iterator();
        }
        QueryRequest.Builder q = QueryRequest.builder().tableName(table).consistentRead(true)
                .overrideConfiguration(calls.perRequest())
                .expressionAttributeNames(filter.scope() == null ? Map.of("#pk", Items.PK)
                        : Map.of("#pk", Items.PK, "#sk", Items.SK));
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":pk", AttributeValue.fromS(Items.REGISTRY));
        if (filter.scope() == null) {
            q.keyConditionExpression("#pk = :pk");
        } else {
            q.keyConditionExpression("#pk = :pk AND begins_with(#sk, :prefix)");
            values.put(":prefix", AttributeValue.fromS(filter.scope().canonical()));
        }
        q.expressionAttributeValues(values);
        Iterator<Map<String, AttributeValue>> items = query(q, after == null ? null
                : Items.key(Items.REGISTRY, after.canonical()));
        Entry first = null;
        if (inclusive && after != null && filter.matches(after)) {
            first = new Entry(after, null);
        }
        Entry head = first;
        return new Iterator<>() {
            private Entry next = head;

            @Override
            public boolean hasNext() {
                while (next == null && items.hasNext()) {
                    Map<String, AttributeValue> item = items.next();
                    Scope scope = Scope.parse(item.get(Items.SK).s());
                    if (filter.matches(scope)) {
                        next = new Entry(scope, token(item));
                    }
                }
                return next != null;
            }

            @Override
            public Entry next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                Entry e = next;
                next = null;
                return e;
            }
        };
    }

    /** @return every item of one scope, tombstones and expired ones too, ordered by key */
    Iterator<Map<String, AttributeValue>> items(Scope scope, String afterKey) {
        QueryRequest.Builder q = QueryRequest.builder().tableName(table).consistentRead(true)
                .overrideConfiguration(calls.perRequest())
                .keyConditionExpression("#pk = :pk").expressionAttributeNames(Map.of("#pk", Items.PK))
                .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(scope.canonical())));
        return query(q, afterKey == null ? null : Items.key(scope.canonical(), afterKey));
    }

    boolean hasLiveState(Scope scope, long now) {
        QueryRequest.Builder q = QueryRequest.builder().tableName(table).consistentRead(true)
                .overrideConfiguration(calls.perRequest())
                .keyConditionExpression("#pk = :pk")
                .filterExpression("attribute_exists(#v) AND (attribute_not_exists(#e) OR #e > :now)")
                .projectionExpression("#pk")
                .expressionAttributeNames(Map.of("#pk", Items.PK, "#v", Items.VALUE, "#e", Items.EXPIRES_MS))
                .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(scope.canonical()),
                        ":now", AttributeValue.fromN(Long.toString(now))));
        return query(q, null).hasNext();
    }

    /** Removes a scope's entry unless it was written again since it was read. */
    void prune(Entry entry) {
        if (entry.token() != null) {
            deleteIfToken(Items.REGISTRY, entry.scope().canonical(), entry.token());
        }
    }

    Iterator<LabelEntry> labelled(String label) {
        QueryRequest.Builder q = QueryRequest.builder().tableName(table).consistentRead(true)
                .overrideConfiguration(calls.perRequest())
                .keyConditionExpression("#pk = :pk").expressionAttributeNames(Map.of("#pk", Items.PK))
                .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(Items.LABEL_PREFIX + label)));
        Iterator<Map<String, AttributeValue>> items = query(q, null);
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return items.hasNext();
            }

            @Override
            public LabelEntry next() {
                Map<String, AttributeValue> item = items.next();
                String sk = item.get(Items.SK).s();
                int split = sk.indexOf(Items.SEPARATOR);
                StateId id = split < 0
                        ? StateId.parse(item.get(Items.LABELLED_SCOPE).s(), item.get(Items.LABELLED_KEY).s())
                        : StateId.parse(sk.substring(0, split), sk.substring(split + 1));
                return new LabelEntry(label, id, token(item));
            }
        };
    }

    void unlabel(LabelEntry entry) {
        deleteIfToken(Items.LABEL_PREFIX + entry.label(), labelSortKey(entry.id()), entry.token());
    }

    void ping() {
        calls.read("a ping", () -> client.describeTable(b -> b.tableName(table)
                .overrideConfiguration(calls.perRequest())));
    }

    private void deleteIfToken(String pk, String sk, String token) {
        try {
            calls.read("a registry prune", () -> client.deleteItem(b -> b.tableName(table)
                    .key(Items.key(pk, sk)).conditionExpression("#t = :t").overrideConfiguration(calls.perRequest())
                    .expressionAttributeNames(Map.of("#t", Items.TOKEN))
                    .expressionAttributeValues(Map.of(":t", AttributeValue.fromS(token)))));
        } catch (ConditionalCheckFailedException rewritten) {
            // a creator registered it again: keep it
        }
    }

    private static String token(Map<String, AttributeValue> item) {
        AttributeValue t = item == null ? null : item.get(Items.TOKEN);
        return t == null ? null : t.s();
    }

    /** Pages through a query lazily, following {@code LastEvaluatedKey}. */
    private Iterator<Map<String, AttributeValue>> query(QueryRequest.Builder base,
                                                        Map<String, AttributeValue> start) {
        return new Iterator<>() {
            private Map<String, AttributeValue> next = start;
            private boolean started;
            private Iterator<Map<String, AttributeValue>> page = Collections.emptyIterator();

            @Override
            public boolean hasNext() {
                while (!page.hasNext() && (!started || next != null)) {
                    QueryRequest request = base.exclusiveStartKey(next).build();
                    QueryResponse response = calls.read("a query", () -> client.query(request));
                    started = true;
                    page = response.items().iterator();
                    next = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty()
                            ? response.lastEvaluatedKey() : null;
                }
                return page.hasNext();
            }

            @Override
            public Map<String, AttributeValue> next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return page.next();
            }
        };
    }
}
