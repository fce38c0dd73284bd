package dev.scopedstore.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scopedstore.BackendUnavailableException;
import dev.scopedstore.StateId;
import dev.scopedstore.spi.ChangeFanout;
import dev.scopedstore.spi.StateMeta;
import dev.scopedstore.spi.StoredState;
import dev.scopedstore.spi.WriteIds;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * The conditional writes of {@link DynamoBackend}: every one a single {@code UpdateItem} that
 * records its write id ({@link Items#recorded}), so a lost reply is resolved by reading the item,
 * never by sending the write again; creates, value writes, tombstones and touches, and the
 * consistent read they resolve by. Publishes each write to this process's subscribers.
 */
final class DynamoWrites {
    private static final long TOMBSTONE_MILLIS = 24L * 3600 * 1000;

    private final DynamoDbClient client;
    private final boolean ownsClient;
    private final String table;
    private final Clock clock;
    private final Calls calls;
    private final Registry registry;
    private final ChangeFanout fanout;

    DynamoWrites(DynamoDbClient client, boolean ownsClient, String table, Clock clock, Calls calls,
                 Registry registry, ChangeFanout fanout) {
        this.client = client;
        this.ownsClient = ownsClient;
        this.table = table;
        this.clock = clock;
        this.calls = calls;
        this.registry = registry;
        this.fanout = fanout;
    }

    /** @return the live state, read strongly consistent */
    Optional<StoredState> get(StateId id) {
        Map<String, AttributeValue> item = item(id);
        return Items.live(item, clock.millis()) ? Optional.of(Items.state(id, item)) : Optional.empty();
    }

    /** @return the item of a state, read strongly consistent, or {@code null} */
    Map<String, AttributeValue> item(StateId id) {
        GetItemRequest request = GetItemRequest.builder().tableName(table).key(Items.key(id))
                .consistentRead(true).overrideConfiguration(calls.perRequest()).build();
        return calls.read("a get", () -> client.getItem(request).item());
    }


    StoredState getOrCreate(StateId id, JsonNode initial, StateMeta meta) {
        AttributeValue value = encode(id, initial, meta);
        while (true) {
            Optional<StoredState> existing = get(id);
            if (existing.isPresent()) {
                return existing.get();
            }
            StoredState created = create(id, value, meta, WriteIds.next());
            if (created != null) {
                return created;
            }
        }
    }

    StoredState put(StateId id, JsonNode value, StateMeta meta) {
        AttributeValue encoded = encode(id, value, meta);
        while (true) {
            Optional<StoredState> written = putIfLive(id, encoded, meta, null, WriteIds.next());
            if (written.isPresent()) {
                return written.get();
            }
            StoredState created = create(id, encoded, meta, WriteIds.next());
            if (created != null) {
                return created;
            }
        }
    }


    Optional<StoredState> putIfVersion(StateId id, long expectedVersion, JsonNode value,
                                              StateMeta meta) {
        return putIfLive(id, encode(id, value, meta), meta, expectedVersion, WriteIds.next());
    }

    /** Writes a live state (of {@code expectedVersion}, unless null); empty if there is none. */
    Optional<StoredState> putIfLive(StateId id, AttributeValue value, StateMeta meta,
                                            Long expectedVersion, String writeId) {
        long now = clock.millis();
        Update u = new Update();
        String version = u.name(Items.VERSION);
        String condition = u.live(now);
        if (expectedVersion != null) {
            condition = condition + " AND " + version + " = " + u.number("expected", expectedVersion);
        } else {
            // an application's client may send this again after a lost reply: the second
            // arrival must fail, and be recognised by the write id it recorded (see write)
            condition = condition + " AND " + u.unrecorded(writeId);
        }
        u.condition(condition);
        u.set(u.name(Items.VALUE) + " = " + u.value("value", value));
        u.set(version + " = " + version + " + " + u.number("one", 1));
        expiry(u, meta, now);
        u.record(writeId);
        Map<String, AttributeValue> item = write("a write", id, writeId, u);
        if (item == null) {
            return Optional.empty();
        }
        StoredState written = Items.state(id, item);
        fanout.publishWrite(written);
        return Optional.of(written);
    }

    /** Creates the state where there is no live one; {@code null} if one exists now. */
    StoredState create(StateId id, AttributeValue value, StateMeta meta, String writeId) {
        return create(id, value, meta, writeId, null);
    }

    StoredState create(StateId id, AttributeValue value, StateMeta meta, String writeId, Lanes.Mark mark) {
        long now = clock.millis();
        Update u = new Update();
        String version = u.name(Items.VERSION);
        u.condition(u.notLive(now));
        u.set(u.name(Items.VALUE) + " = " + u.value("value", value));
        // a fresh item starts above any version an item of this id, removed by DynamoDB TTL or by
        // hand, can have had: the wall clock in microseconds
        u.set(version + " = if_not_exists(" + version + ", " + u.number("base", VersionBase.now())
                + ") + " + u.number("one", 1));
        if (meta.labels().isEmpty()) {
            u.remove(Items.LABELS);
        } else {
            u.set(u.name(Items.LABELS) + " = " + u.value("labels", AttributeValue.fromSs(List.copyOf(meta.labels()))));
        }
        expiry(u, meta, now);
        u.record(writeId);
        if (mark != null) {
            mark.write(u);
        }
        Map<String, AttributeValue> item = write("a create", id, writeId, u);
        if (item == null) {
            return null;
        }
        registry.register(id, meta.labels());
        StoredState created = Items.state(id, item);
        fanout.publishWrite(created);
        return created;
    }

    static void expiry(Update u, StateMeta meta, long now) {
        u.set(u.name(Items.TTL_MS) + " = " + u.number("ttl", meta.ttlMillis()));
        if (meta.ttlMillis() == 0) {
            u.remove(Items.EXPIRES_MS).remove(Items.EXPIRES_AT);
        } else {
            long expires = meta.expiresAt(now);
            u.set(u.name(Items.EXPIRES_MS) + " = " + u.number("exp", expires));
            u.set(u.name(Items.EXPIRES_AT) + " = " + u.number("expat", Math.floorDiv(expires, 1000) + 1));
        }
    }

    /**
     * Sends an update that is safe to re-send as it is (its condition fails on a second
     * arrival), retrying every transient failure until the operation timeout.
     *
     * @return the attributes {@code returned} asks for
     * @throws ConditionalCheckFailedException if its condition failed
     */
    Map<String, AttributeValue> sendRepeatable(String what, StateId id, Update u, ReturnValue returned) {
        UpdateItemRequest request = u.request(table, Items.key(id), returned, calls.perRequest());
        return calls.read(what, () -> client.updateItem(request).attributes());
    }

    /**
     * Sends a conditional write that records {@code writeId}: the item as written, or {@code null}
     * when its condition failed. A lost reply is resolved by reading whether the item recorded
     * the write id, never by sending it again. On an application's client, whose retry policy may
     * re-send a write whose reply was lost, a failed condition is checked the same way: it may
     * be the re-sent request failing on the item its first attempt wrote.
     */
    Map<String, AttributeValue> write(String what, StateId id, String writeId, Update u) {
        if (!ownsClient) {
            u.oldOnFailure();
        }
        UpdateItemRequest request = u.request(table, Items.key(id), ReturnValue.ALL_NEW, calls.perRequest());
        try {
            return calls.write(what, () -> client.updateItem(request).attributes());
        } catch (ConditionalCheckFailedException e) {
            if (ownsClient) {
                return null;
            }
            Map<String, AttributeValue> item = e.hasItem() ? e.item() : item(id);
            return Items.recorded(item, writeId) ? item : null;
        } catch (Calls.UnknownOutcome lost) {
            Map<String, AttributeValue> item;
            try {
                item = item(id);
            } catch (BackendUnavailableException e) {
                e.addSuppressed(lost.getCause());
                throw e;
            }
            if (Items.recorded(item, writeId)) {
                return item;
            }
            throw new BackendUnavailableException("the reply to " + what + " of " + id + " on DynamoDB"
                    + " table " + table + " was lost and the write is not visible: it may have been"
                    + " overwritten or not applied; it is not re-sent, so that it is never applied twice",
                    lost.getCause());
        }
    }

    /** Deletes a live state (carrying {@code label}, unless null), keeping its version. */
    boolean tombstone(StateId id, String label) {
        long now = clock.millis();
        String writeId = WriteIds.next();
        Update u = new Update();
        String version = u.name(Items.VERSION);
        String condition = u.live(now);
        if (label != null) {
            condition = "(" + condition + ") AND contains(" + u.name(Items.LABELS) + ", "
                    + u.value("label", AttributeValue.fromS(label)) + ")";
        }
        u.condition(condition);
        u.set(version + " = " + version + " + " + u.number("one", 1));
        u.record(writeId);
        u.set(u.name(Items.EXPIRES_AT) + " = " + u.number("expat", (now + TOMBSTONE_MILLIS) / 1000));
        u.remove(Items.VALUE).remove(Items.LABELS).remove(Items.TTL_MS).remove(Items.EXPIRES_MS);
        Map<String, AttributeValue> item = write("a delete", id, writeId, u);
        if (item == null) {
            return false;
        }
        fanout.publishDeletion(id, Items.version(item));
        return true;
    }

    boolean touch(StateId id) {
        while (true) {
            Map<String, AttributeValue> item = item(id);
            long now = clock.millis();
            if (!Items.live(item, now)) {
                return false;
            }
            // the time-to-live and version only: a value that cannot be read is touched too
            long ttlMillis = Items.ttlMillis(item);
            if (ttlMillis == 0) {
                return true;
            }
            Update u = new Update();
            u.condition(u.live(now) + " AND " + u.name(Items.VERSION) + " = "
                    + u.number("version", Items.version(item)));
            long expires = now + ttlMillis;
            u.set(u.name(Items.EXPIRES_MS) + " = " + u.number("exp", expires));
            u.set(u.name(Items.EXPIRES_AT) + " = " + u.number("expat", Math.floorDiv(expires, 1000) + 1));
            try {
                sendRepeatable("a touch", id, u, ReturnValue.NONE);
                return true;
            } catch (ConditionalCheckFailedException raced) {
                // written meanwhile: re-read
            }
        }
    }

    AttributeValue encode(StateId id, JsonNode value, StateMeta meta) {
        AttributeValue encoded = AttributeCodec.encode(value);
        long size = AttributeCodec.size(encoded) + AttributeCodec.utf8(id.scope().canonical())
                + AttributeCodec.utf8(id.key()) + 160;
        for (String label : meta.labels()) {
            size += AttributeCodec.utf8(label);
        }
        if (size > DynamoBackend.MAX_ITEM_BYTES) {
            throw new IllegalArgumentException("the value of " + id + " makes a DynamoDB item of about "
                    + size + " bytes, over DynamoDB's limit of 400 KB (" + DynamoBackend.MAX_ITEM_BYTES + " bytes) per item");
        }
        return encoded;
    }
}
