package dev.scopedstore.dynamodb;

import dev.scopedstore.CorruptStateException;
import dev.scopedstore.Scope;
import dev.scopedstore.StateId;
import dev.scopedstore.spi.StoredState;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The item layout. A state is one item: partition key {@code scope} (canonical), sort key
 * {@code key}, {@code value} (native attribute value), {@code version}, {@code labels} (string
 * set, absent when none), {@code ttl_ms}, {@code expires_ms} (absent for never; filtered on
 * reads with the store's clock) and {@code expires_at} (epoch seconds, for DynamoDB TTL). A
 * deleted state is a tombstone: the item without {@code value}, keeping its version so that a
 * re-created state continues above it. {@code w0} … {@code w7} hold the ids of the last
 * {@value #RECENT_WRITES} writes, newest first (see {@link #recorded}).
 *
 * <p>Reserved partitions start with {@code \u0001}, which no canonical scope can contain: the
 * scope registry {@value #REGISTRY} (sort key = canonical scope) and one label index per
 * label, {@code \u0001label\u0001<label>} (sort key = scope {@code \u0001} key, or its digest
 * where that is too long, the state then named by {@value #LABELLED_SCOPE} and
 * {@value #LABELLED_KEY}; see {@link Registry#labelSortKey}).
 */
final class Items {
    static final String PK = "scope";
    static final String SK = "key";
    static final String VALUE = "value";
    static final String VERSION = "version";
    static final String LABELS = "labels";
    static final String TTL_MS = "ttl_ms";
    static final String EXPIRES_MS = "expires_ms";
    static final String EXPIRES_AT = "expires_at";
    /** How many write ids an item remembers. */
    static final int RECENT_WRITES = 8;
    /** {@code w0} (the newest) to {@code w7}: the ids of the item's last writes. */
    static final String[] RECENT = recentNames();
    static final String TOKEN = "token";
    /** A label index entry with a digest for sort key: the canonical scope of its state. */
    static final String LABELLED_SCOPE = "state_scope";
    /** A label index entry with a digest for sort key: the key of its state. */
    static final String LABELLED_KEY = "state_key";

    static final String REGISTRY = "\u0001scopes";
    static final String LABEL_PREFIX = "\u0001label\u0001";
    static final char SEPARATOR = '\u0001';

    private Items() {
    }

    /** @return {@code #attribute}, the expression alias of one of the item's own attributes */
    static String alias(String attribute) {
        return "#" + attribute;
    }

    private static String[] recentNames() {
        String[] names = new String[RECENT_WRITES];
        for (int i = 0; i < names.length; i++) {
            names[i] = "w" + i;
        }
        return names;
    }

    /**
     * @param item an item, or {@code null}
     * @param writeId the id a write carried
     * @return whether that write is among the item's last {@value #RECENT_WRITES}: it was applied
     */
    static boolean recorded(Map<String, AttributeValue> item, String writeId) {
        if (item == null) {
            return false;
        }
        for (String name : RECENT) {
            AttributeValue w = item.get(name);
            if (w != null && writeId.equals(w.s())) {
                return true;
            }
        }
        return false;
    }

    static Map<String, AttributeValue> key(StateId id) {
        return Map.of(PK, AttributeValue.fromS(id.scope().canonical()), SK, AttributeValue.fromS(id.key()));
    }

    static Map<String, AttributeValue> key(String pk, String sk) {
        return Map.of(PK, AttributeValue.fromS(pk), SK, AttributeValue.fromS(sk));
    }

    static StateId id(Map<String, AttributeValue> item) {
        return new StateId(Scope.parse(item.get(PK).s()), item.get(SK).s());
    }

    static long version(Map<String, AttributeValue> item) {
        AttributeValue v = item.get(VERSION);
        return v == null ? 0 : Long.parseLong(v.n());
    }

    /** @return whether the item holds a state that has not expired at {@code now} */
    static boolean live(Map<String, AttributeValue> item, long now) {
        if (item == null || !item.containsKey(VALUE)) {
            return false;
        }
        AttributeValue exp = item.get(EXPIRES_MS);
        return exp == null || Long.parseLong(exp.n()) > now;
    }

    /** @return the item's idle time-to-live in milliseconds, 0 for none */
    static long ttlMillis(Map<String, AttributeValue> item) {
        AttributeValue ttl = item.get(TTL_MS);
        return ttl == null ? 0 : Long.parseLong(ttl.n());
    }

    /**
     * @param item a live item
     * @return it as a state
     * @throws CorruptStateException if its value is not a JSON value
     */
    static StoredState state(StateId id, Map<String, AttributeValue> item) {
        try {
            AttributeValue exp = item.get(EXPIRES_MS);
            AttributeValue labels = item.get(LABELS);
            return new StoredState(id, AttributeCodec.decode(item.get(VALUE)), version(item),
                    labels == null ? Set.of() : Set.copyOf(labels.ss()), ttlMillis(item),
                    exp == null ? StoredState.NEVER : Long.parseLong(exp.n()));
        } catch (RuntimeException e) {
            throw new CorruptStateException(id, "the DynamoDB item of " + id
                    + " cannot be read as a state: " + e.getMessage(), e);
        }
    }
}
