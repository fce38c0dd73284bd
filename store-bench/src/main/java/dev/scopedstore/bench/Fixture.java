package dev.scopedstore.bench;

import dev.scopedstore.StateOptions;
import dev.scopedstore.Store;

/**
 * The shape every memory benchmark shares: one scope of {@link #STATES} states, of which one,
 * {@link #KEY}, is measured; the raw map ({@link RawMap}) holds the same entries.
 */
final class Fixture {
    /** The URL of the store under test. */
    static final String URL = "memory:";
    /** The scope holding the states. */
    static final String SCOPE = "bench.poll";
    /** How many states the scope holds. */
    static final int STATES = 1_000;
    /** The key of the measured state. */
    static final String KEY = key(STATES / 2);

    /** Pre-boxed values, so that writes on both sides of a pair box nothing. */
    private static final Integer[] VALUES = new Integer[1024];

    static {
        for (int i = 0; i < VALUES.length; i++) {
            VALUES[i] = 1_000 + i;
        }
    }

    private Fixture() {
    }

    /** @return the {@code i}th key */
    static String key(int i) {
        return "k" + i;
    }

    /** @return the options of the measured state */
    static StateOptions options() {
        return StateOptions.key(KEY).scope(SCOPE);
    }

    /**
     * Opens a memory store and creates {@link #STATES} states in {@link #SCOPE}.
     *
     * @param value the default, hence the value, of every state
     * @return the store; the caller closes it
     */
    static Store openFilled(Object value) {
        Store store = Store.open(URL);
        for (int i = 0; i < STATES; i++) {
            store.createState(value, StateOptions.key(key(i)).scope(SCOPE));
        }
        return store;
    }

    /** @return a pre-boxed value chosen by a counter */
    static Integer value(int counter) {
        return VALUES[counter & (VALUES.length - 1)];
    }
}
