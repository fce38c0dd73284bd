package dev.scopedstore.bench;

import java.util.concurrent.ConcurrentHashMap;

/**
 * The raw baseline every memory benchmark is measured against: a {@link ConcurrentHashMap}
 * keyed by a (scope, key) record, holding a (version, value) record, filled like the store.
 */
final class RawMap {

    /** The equivalent of a state's identity. */
    record Key(String scope, String key) {
    }

    /** The equivalent of a stored state: a value and the version that grows with each write. */
    record Versioned(long version, Object value) {
    }

    private RawMap() {
    }

    /**
     * @param value the value of every entry
     * @return a map of {@link Fixture#STATES} entries in {@link Fixture#SCOPE}, at version 1
     */
    static ConcurrentHashMap<Key, Versioned> filled(Object value) {
        ConcurrentHashMap<Key, Versioned> map = new ConcurrentHashMap<>();
        for (int i = 0; i < Fixture.STATES; i++) {
            map.put(new Key(Fixture.SCOPE, Fixture.key(i)), new Versioned(1, value));
        }
        return map;
    }

    /** @return the key of the state every benchmark works on */
    static Key measuredKey() {
        return new Key(Fixture.SCOPE, Fixture.KEY);
    }
}
